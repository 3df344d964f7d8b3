/**
 * The RCS's logger: pino, as JSON lines or as short text lines, at a configurable level. Secrets are kept out by
 * construction (configuration secrets are `Secret`s whose every printable form is a mask; the peer and the
 * runtime never pass keys or passwords to a logger) and, as a second line of defence, by pino redaction of the
 * field names secrets would travel under.
 *
 * @packageDocumentation
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../properties/definitions.js';
import { SECRET_MASK } from '../properties/secret.js';

export type { Logger } from 'pino';

/** Field names whose values are always masked, at the top level and one level down. */
export const REDACTED_FIELDS = [
  'key',
  'keyHash',
  'password',
  'passphrase',
  'clientSecret',
  'client_secret',
  'keyStorePass',
  'keyPass',
  'trustStorePass',
  'proxyPassword',
  'token',
  'accessToken',
  'access_token',
  'bearerToken',
  'authorization',
  'Authorization',
] as const;

/** The pino redaction paths built from {@link REDACTED_FIELDS}. */
export const REDACT_PATHS: readonly string[] = [
  ...REDACTED_FIELDS,
  ...REDACTED_FIELDS.map((field) => `*.${field}`),
  'headers.authorization',
  '*.headers.authorization',
];

/** Settings of {@link createLogger}. */
export interface LoggerOptions {
  readonly level?: LogLevel | undefined;
  /** `json` lines, `pretty` text lines, or `auto` (text when the destination is a terminal). Default `auto`. */
  readonly format?: 'auto' | 'pretty' | 'json' | undefined;
  /** Where lines go. Default: standard output. */
  readonly destination?: NodeJS.WritableStream | undefined;
}

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

const HIDDEN_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component', 'connector']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** One JSON log line as text: `time LEVEL [component] message key=value …`. */
export function formatPrettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof record.time === 'string' ? record.time : new Date().toISOString();
  const level = (LEVEL_NAMES[Number(record.level)] ?? String(record.level)).padEnd(5);
  const tags = [record.component, record.connector].filter((t) => typeof t === 'string' && t !== '');
  const tag = tags.length > 0 ? ` [${tags.join(' ')}]` : '';
  const fields = Object.entries(record)
    .filter(([name]) => !HIDDEN_FIELDS.has(name))
    .map(([name, value]) => `${name}=${formatValue(value)}`);
  const message = typeof record.msg === 'string' ? record.msg : '';
  return `${time} ${level}${tag} ${message}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}\n`;
}

/** A pino destination that writes {@link formatPrettyLine} text to a stream. */
export function prettyDestination(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (line !== '') out.write(formatPrettyLine(line));
      }
    },
  };
}

/** Creates the process logger; see the module notes. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const out = options.destination ?? process.stdout;
  const format = options.format ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && (out as NodeJS.WriteStream).isTTY === true);
  const destination: DestinationStream =
    out === process.stdout && !pretty
      ? pino.destination({ dest: 1, sync: true })
      : pretty
        ? prettyDestination(out)
        : { write: (chunk: string) => void out.write(chunk) };
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: SECRET_MASK },
    },
    destination,
  );
}

/** A child logger tagged with the connector it logs for. */
export function connectorLogger(logger: Logger, connectorKey: string): Logger {
  return logger.child({ connector: connectorKey });
}
