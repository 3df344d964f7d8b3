/**
 * The `log` binding (spec framework.md D.2 "Every script gets `log`"; seed "Custom Logs"). Scripts call
 * `log.info('text')`, `log.warn(…)`, `log.error(…)`, `log.debug(…)`, `log.ok(…)` (the OpenICF OK level, logged at
 * debug) or `log.trace(…)`; each line goes to a pino-compatible logger tagged with the connector and the script
 * file.
 *
 * Differences from OpenICF's `Log`, on purpose:
 *
 * - **No MessageFormat.** The Java `Log` formats every message with `java.text.MessageFormat`, so
 *   `log.info('{"key": "value"}')` fails with "can't parse argument number" (seed). Here the message is printed
 *   as written: `log.info('{x}')` prints `{x}`.
 * - **Extra arguments are safe.** `log.info('user {0} in {1}', uid, group)` fills `{0}`, `{1}`… (digits only)
 *   with the arguments; every other brace is left alone, a placeholder without an argument stays as it is, and
 *   arguments no placeholder used are appended, separated by spaces. Nothing a script passes can make a log call
 *   throw.
 * - **Any value is accepted** (`log.info(operation)` works, where Groovy failed with "No signature of method").
 *   Values are printed with `String()`, objects that only have `Object.prototype.toString` as JSON, errors with
 *   their message; an `Error` as the first argument (`log.error(e, 'while …')`) is also attached to the line as
 *   `err` with its stack.
 * - **Secrets are redacted.** Every string value from `customSensitiveConfiguration`, and the clear text of
 *   passwords the engine handled, is replaced by `****` in messages (and in the stack of an attached error).
 *   GuardedStrings print as `[GuardedString]` anyway.
 *
 * @packageDocumentation
 */
import { inspect } from 'node:util';
import type { ConnectorLogFn, ConnectorLogger } from '@rcskit/core';

/** One level method of a pino-compatible logger: `(object, message)` or `(message)` (core's `ConnectorLogFn`). */
export type ScriptLogFn = ConnectorLogFn;

/**
 * A pino-compatible logger (pino itself fits); `trace` is optional and falls back to `debug`. The same type as
 * core's `ConnectorLogger`, so the logger a connector receives in `init(configuration, context)` can be handed to
 * the engine as it is.
 */
export type ScriptLogger = ConnectorLogger;

const noop: ScriptLogFn = () => {};

/** A logger that drops everything (the default when the engine gets none). */
export const silentScriptLogger: ScriptLogger = Object.freeze({
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});

/** Levels of {@link ScriptLog}. `ok` is OpenICF's OK level, logged at debug. */
export type ScriptLogLevel = 'trace' | 'debug' | 'ok' | 'info' | 'warn' | 'error';

/** Replaces secret strings in text; see {@link SecretRedactor}. */
export interface Redactor {
  redact(text: string): string;
}

/** The replacement for a redacted secret. */
export const REDACTED = '****';

/**
 * Holds secret strings (longest first) and replaces every occurrence in a text. Empty strings are ignored.
 */
export class SecretRedactor implements Redactor {
  #secrets: string[] = [];

  /** Adds secrets to redact. */
  add(...secrets: readonly string[]): void {
    const all = new Set([...this.#secrets, ...secrets.filter((s) => typeof s === 'string' && s.length > 0)]);
    this.#secrets = [...all].sort((a, b) => b.length - a.length);
  }

  /** Forgets every secret. */
  clear(): void {
    this.#secrets = [];
  }

  /** How many secrets are known. */
  get size(): number {
    return this.#secrets.length;
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
}

/** Prints one log argument: never throws. */
export function describeLogValue(value: unknown): string {
  try {
    if (typeof value === 'string') return value;
    if (value === null || value === undefined) return String(value);
    if (value instanceof Error) return value.message;
    if (typeof value === 'object') {
      if (Array.isArray(value)) return `[${value.map(describeLogValue).join(', ')}]`;
      const own = (value as { toString?: unknown }).toString;
      if (typeof own === 'function' && own !== Object.prototype.toString) return String(value);
      return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
    }
    return String(value);
  } catch {
    try {
      return inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY });
    } catch {
      return '[unprintable]';
    }
  }
}

/**
 * Builds the message of a log call: the first argument printed as it is, `{N}` placeholders (digits only) filled
 * from the remaining arguments, unused arguments appended. Never throws.
 */
export function formatLogMessage(message: unknown, args: readonly unknown[]): string {
  const text = describeLogValue(message);
  if (args.length === 0) return text;
  const used = new Set<number>();
  const filled = text.replace(/\{(\d{1,3})\}/g, (whole, digits: string) => {
    const index = Number(digits);
    if (index >= args.length) return whole;
    used.add(index);
    return describeLogValue(args[index]);
  });
  const rest = args.filter((_, i) => !used.has(i)).map(describeLogValue);
  return rest.length === 0 ? filled : `${filled} ${rest.join(' ')}`;
}

/** What every line of a {@link ScriptLog} carries. */
export interface ScriptLogTags {
  /** The connector (e.g. `ScriptedConnector`, or the connector's display name). */
  readonly connector?: string | undefined;
  /** The script file (or `runScriptOnConnector` for request scripts). */
  readonly script: string;
  /** The operation the script runs for. */
  readonly operation?: string | undefined;
}

/**
 * The `log` of a script: level methods that take any values, never throw and never use MessageFormat (see the
 * module notes).
 */
export class ScriptLog {
  readonly #logger: ScriptLogger;
  readonly #tags: ScriptLogTags;
  readonly #redactor: Redactor | undefined;

  constructor(logger: ScriptLogger, tags: ScriptLogTags, redactor?: Redactor) {
    this.#logger = logger;
    this.#tags = tags;
    this.#redactor = redactor;
  }

  /** The tags of this log (connector, script file, operation). */
  get tags(): ScriptLogTags {
    return this.#tags;
  }

  /** A log for another script or operation with the same logger and redaction. */
  withTags(tags: Partial<ScriptLogTags>): ScriptLog {
    return new ScriptLog(this.#logger, { ...this.#tags, ...tags }, this.#redactor);
  }

  trace(message: unknown, ...args: unknown[]): void {
    this.#write('trace', message, args);
  }

  debug(message: unknown, ...args: unknown[]): void {
    this.#write('debug', message, args);
  }

  /** OpenICF's OK level (between trace and info), logged at debug. */
  ok(message: unknown, ...args: unknown[]): void {
    this.#write('ok', message, args);
  }

  info(message: unknown, ...args: unknown[]): void {
    this.#write('info', message, args);
  }

  warn(message: unknown, ...args: unknown[]): void {
    this.#write('warn', message, args);
  }

  /** Alias of {@link warn} (OpenICF's `Log.warn` is also reachable as `warning` in some samples). */
  warning(message: unknown, ...args: unknown[]): void {
    this.#write('warn', message, args);
  }

  error(message: unknown, ...args: unknown[]): void {
    this.#write('error', message, args);
  }

  /** Always true: the logger decides what it keeps (kept for scripts that guard with `log.isOk()`…). */
  isOk(): boolean {
    return true;
  }

  isInfo(): boolean {
    return true;
  }

  isWarning(): boolean {
    return true;
  }

  isError(): boolean {
    return true;
  }

  toString(): string {
    return `ScriptLog(${this.#tags.script})`;
  }

  #write(level: ScriptLogLevel, message: unknown, args: readonly unknown[]): void {
    try {
      let error: Error | undefined;
      let text: string;
      if (message instanceof Error && args.length > 0 && typeof args[0] === 'string') {
        // OpenICF's log.error(Throwable, String, Object...) form.
        error = message;
        text = formatLogMessage(args[0], args.slice(1));
      } else {
        if (message instanceof Error) error = message;
        text = formatLogMessage(message, args);
      }
      const redact = (s: string) => (this.#redactor ? this.#redactor.redact(s) : s);
      const fields: Record<string, unknown> = { script: this.#tags.script };
      if (this.#tags.connector !== undefined) fields.connector = this.#tags.connector;
      if (this.#tags.operation !== undefined) fields.operation = this.#tags.operation;
      if (error) {
        fields.err = {
          type: error.name,
          message: redact(error.message),
          stack: redact(String(error.stack ?? '')),
        };
      }
      const line = redact(text);
      const logger = this.#logger;
      switch (level) {
        case 'trace':
          (logger.trace ?? logger.debug).call(logger, fields, line);
          break;
        case 'debug':
        case 'ok':
          logger.debug.call(logger, fields, line);
          break;
        case 'info':
          logger.info.call(logger, fields, line);
          break;
        case 'warn':
          logger.warn.call(logger, fields, line);
          break;
        case 'error':
          logger.error.call(logger, fields, line);
          break;
      }
    } catch {
      // A log call never breaks a script.
    }
  }
}
