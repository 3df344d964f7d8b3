/**
 * Where the scripts' `log` goes. In order:
 *
 * 1. A logger a host set explicitly with {@link setScriptLogger} (any pino-compatible logger): every record of
 *    the bundle goes there.
 * 2. Otherwise the logger the framework handed the connector in `init(configuration, context)` (`context.log`).
 *    In an RCS that is a child of the server's own logger tagged with the connector's bundle name, bundle version
 *    and connector name, so script lines appear in the server's log at its level, in its format (JSON or text)
 *    and under its redaction. The records keep the fields the bundle adds: `connector` (`ScriptedConnector`, …),
 *    `script` and `operation`.
 * 3. Otherwise (used outside an RCS, `init` called without a context) the bundle's default: one text line per
 *    record on **stderr**, at `info` and above unless `RCSKIT_SCRIPT_LOG_LEVEL` says otherwise (`trace`,
 *    `debug`, `info`, `warn`, `error`, `silent`).
 *
 * Whatever the destination, values of `customSensitiveConfiguration` are replaced by `****` in messages (the
 * engine's redaction) and GuardedStrings print as `[GuardedString]`.
 *
 * A configuration's script engine is created once and keeps the logger it was created with, so engines take a
 * forwarder ({@link scriptLoggerFor}, or {@link scriptLogger} without a context) that picks the destination at
 * every record: a logger set after a configuration started still receives its scripts' records.
 *
 * @packageDocumentation
 */
import { inspect } from 'node:util';
import type { ConnectorLogger } from '@rcskit/core';
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

/** The logger a host set with {@link setScriptLogger}, if any. */
let explicit: ScriptLogger | null = null;
/** The default stderr logger (made again by `setScriptLogger(null)`, which re-reads the level). */
let fallback: ScriptLogger = textScriptLogger();

/**
 * Routes every script log record of this bundle to `logger`, ahead of the loggers connectors receive from the
 * framework. `null` undoes that: records go to the connector's context logger again, or to the default stderr
 * logger.
 */
export function setScriptLogger(logger: ScriptLogger | null): void {
  explicit = logger;
  if (logger === null) fallback = textScriptLogger();
}

/** A logger forwarding every call to the one `target()` returns at that moment. */
function forwarding(target: () => ScriptLogger): ScriptLogger {
  return Object.freeze({
    trace: (objOrMsg: object | string, msg?: string) => {
      const logger = target();
      (logger.trace ?? logger.debug).call(logger, objOrMsg, msg);
    },
    debug: (objOrMsg: object | string, msg?: string) => target().debug(objOrMsg, msg),
    info: (objOrMsg: object | string, msg?: string) => target().info(objOrMsg, msg),
    warn: (objOrMsg: object | string, msg?: string) => target().warn(objOrMsg, msg),
    error: (objOrMsg: object | string, msg?: string) => target().error(objOrMsg, msg),
  });
}

/** The logger engines get without a context: forwards to {@link setScriptLogger}'s logger, else the default. */
export const scriptLogger: ScriptLogger = forwarding(() => explicit ?? fallback);

/** The latest context logger each configuration's connectors received. */
const contextLoggers = new WeakMap<object, ConnectorLogger>();

/**
 * The logger for the script engine of `configuration`: forwards to {@link setScriptLogger}'s logger, else to the
 * latest `contextLog` given for that configuration, else to the default stderr logger.
 *
 * @param configuration - the configuration whose engine logs (every connector instance of it shares the engine).
 * @param contextLog - the logger the framework handed the connector (`context?.log`); undefined leaves the
 *   configuration's previous one, if any, in place.
 */
export function scriptLoggerFor(configuration: object, contextLog?: ConnectorLogger): ScriptLogger {
  if (contextLog !== undefined) contextLoggers.set(configuration, contextLog);
  return forwarding(() => explicit ?? contextLoggers.get(configuration) ?? fallback);
}
