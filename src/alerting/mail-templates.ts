import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { ConfigError } from '../core/errors.js';
import { oneLine } from './one-line.js';

/** The three parts every e-mail template set renders. */
export interface RenderedMail {
  /** One line, no control characters: safe to put in a header. */
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type MailPart = keyof RenderedMail;
export type TemplateSources = Readonly<Record<MailPart, string>>;

const MAX_SUBJECT_CHARS = 200;

interface HandlebarsNode {
  readonly type?: string;
  readonly escaped?: boolean;
  readonly loc?: { readonly start: { readonly line: number } };
}

/** Finds `{{{ }}}` / `{{& }}`: data must always go through the escaping `{{ }}`. */
function findUnescaped(node: unknown): HandlebarsNode | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const candidate = node as HandlebarsNode;
  if (candidate.type === 'MustacheStatement' && candidate.escaped === false) return candidate;
  for (const child of Object.values(node)) {
    const found = findUnescaped(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Compiles subject, text and HTML templates so that data is always escaped in the HTML and the
 * subject is one capped line. `sampleView` is rendered once here, so a template naming a field
 * that does not exist fails at load time, not at 3 a.m. `names` label each template in errors.
 */
export function compileMailTemplates<View>(
  sources: TemplateSources,
  names: TemplateSources,
  sampleView: View,
): (view: View) => RenderedMail {
  const handlebars = Handlebars.create();
  const compile = (part: MailPart) => {
    const name = names[part];
    let ast: hbs.AST.Program;
    try {
      ast = handlebars.parse(sources[part]);
    } catch (error) {
      throw new ConfigError(`${name}: invalid template: ${(error as Error).message}`, { cause: error });
    }
    const unescaped = findUnescaped(ast);
    if (unescaped !== undefined) {
      throw new ConfigError(
        `${name}:${unescaped.loc?.start.line ?? '?'}: ` +
          'triple-stash {{{ }}} or {{& }} is not allowed; use {{ }} so data is escaped',
      );
    }
    // Plain text and the subject must not be HTML-escaped; the subject is reduced to one line after rendering.
    return handlebars.compile(ast, { strict: true, noEscape: part !== 'html' });
  };
  const templates = { subject: compile('subject'), text: compile('text'), html: compile('html') };

  for (const part of ['subject', 'text', 'html'] as const) {
    try {
      templates[part](sampleView);
    } catch (error) {
      throw new ConfigError(`${names[part]}: template does not render: ${(error as Error).message}`, { cause: error });
    }
  }

  return (view) => ({
    subject: Array.from(oneLine(templates.subject(view))).slice(0, MAX_SUBJECT_CHARS).join(''),
    text: `${templates.text(view).trimEnd()}\n`,
    html: templates.html(view),
  });
}

/** Reads the three template files named by `files` from `dir`; a missing one is a ConfigError naming it. */
export async function readMailTemplates(
  dir: string,
  files: TemplateSources,
): Promise<{ readonly sources: TemplateSources; readonly paths: TemplateSources }> {
  const paths: TemplateSources = {
    subject: join(dir, files.subject),
    text: join(dir, files.text),
    html: join(dir, files.html),
  };
  const read = async (path: string): Promise<string> => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`${path}: cannot read alert template: ${(error as Error).message}`, { cause: error });
    }
  };
  const [subject, text, html] = await Promise.all([read(paths.subject), read(paths.text), read(paths.html)]);
  return { sources: { subject, text, html }, paths };
}
