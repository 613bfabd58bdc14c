/**
 * Turns SIGINT/SIGTERM into an abort, so the runner can drain, flush and commit.
 * A second signal while shutting down exits at once (the user insisted).
 */
export function abortOnSignals(onFirst?: (signal: NodeJS.Signals) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (received: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    onFirst?.(received);
    controller.abort(received);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
