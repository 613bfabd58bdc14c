export * from './alert-sink.js';
export * from './cooldown.js';
export * from './decide.js';
export * from './duration.js';
export * from './mailer.js';
export * from './render.js';
export * from './rules.js';
