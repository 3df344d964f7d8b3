/**
 * Where the scripts' `log` goes. The connector SPI hands connectors no logger, so the bundle keeps one of its own:
 * by default one text line per record on **stderr** (the Java RCS printed script logs on its console too), at
 * `info` and above unless `RCSKIT_SCRIPT_LOG_LEVEL` says otherwise (`trace`, `debug`, `info`, `warn`, `error`,
 * `silent`). A host that embeds the bundle can route the records elsewhere with {@link setScriptLogger} — any
 * pino-compatible logger fits.
 *
 * Engines take {@link scriptLogger}, which forwards every call to the logger set *now*, so a logger set after a
 * configuration started still receives its scripts' records.
 *
 * @packageDocumentation
 */
import { inspect } from 'node:util';
import type { ScriptLogFn, ScriptLogger } from '@rcskit/scripting';

/** Levels of the default logger, lowest first. */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

function thresholdOf(text: string | undefined): number {
  const wanted = (text ?? '').trim().toLowerCase();
  if (wanted === 'silent' || wanted === 'off') return LEVELS.length;
  const index = LEVELS.indexOf(wanted as Level);
  return index >= 0 ? index : LEVELS.indexOf('info');
}

function describeFields(fields: Record<string, unknown>): { where: string; error: string } {
  const script = typeof fields.script === 'string' ? fields.script : 'script';
  const operation = typeof fields.operation === 'string' ? ` ${fields.operation}` : '';
  const connector = typeof fields.connector === 'string' ? `[${fields.connector}] ` : '';
  const err = fields.err as { stack?: unknown; message?: unknown } | undefined;
  const error = err ? `\n${String(err.stack || err.message || '')}` : '';
  return { where: `${connector}${script}${operation}`, error };
}

/**
 * A logger writing `<ISO time> <LEVEL> [<connector>] <script> <OPERATION>: <message>` lines to `write` (default:
 * stderr) for records at `level` and above.
 */
export function textScriptLogger(
  level: string = process.env.RCSKIT_SCRIPT_LOG_LEVEL ?? 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): ScriptLogger {
  const threshold = thresholdOf(level);
  const at =
    (name: Level): ScriptLogFn =>
    (objOrMsg, msg) => {
      if (LEVELS.indexOf(name) < threshold) return;
      const fields =
        typeof objOrMsg === 'object' && objOrMsg !== null ? (objOrMsg as Record<string, unknown>) : {};
      const text = typeof objOrMsg === 'string' ? objOrMsg : (msg ?? '');
      const { where, error } = describeFields(fields);
      const message = typeof text === 'string' ? text : inspect(text);
      write(`${new Date().toISOString()} ${name.toUpperCase().padEnd(5)} ${where}: ${message}${error}\n`);
    };
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let current: ScriptLogger = textScriptLogger();

/** Routes every script log record of this bundle to `logger` (null: back to the default stderr logger). */
export function setScriptLogger(logger: ScriptLogger | null): void {
  current = logger ?? textScriptLogger();
}

/** The logger engines get: forwards to whatever {@link setScriptLogger} set last. */
export const scriptLogger: ScriptLogger = Object.freeze({
  trace: (objOrMsg: object | string, msg?: string) =>
    (current.trace ?? current.debug).call(current, objOrMsg, msg),
  debug: (objOrMsg: object | string, msg?: string) => current.debug(objOrMsg, msg),
  info: (objOrMsg: object | string, msg?: string) => current.info(objOrMsg, msg),
  warn: (objOrMsg: object | string, msg?: string) => current.warn(objOrMsg, msg),
  error: (objOrMsg: object | string, msg?: string) => current.error(objOrMsg, msg),
});
