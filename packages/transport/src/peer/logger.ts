/**
 * The logging interface of the WebSocket peer: the four level methods of a pino logger (or anything shaped like
 * one). Calls are `log.warn({ peer, messageId }, 'text')` or `log.debug('text')`. The peer never passes keys,
 * passwords, tokens or `Authorization` headers to a logger.
 *
 * @packageDocumentation
 */

/** One log method: pino's `(object, message)` form or a plain message. */
export type PeerLogFn = (objOrMsg: object | string, msg?: string) => void;

/** A pino-compatible logger: only these four levels are used. */
export interface PeerLogger {
  debug: PeerLogFn;
  info: PeerLogFn;
  warn: PeerLogFn;
  error: PeerLogFn;
}

const noop: PeerLogFn = () => {};

/** A logger that drops everything (the default). */
export const silentLogger: PeerLogger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

/** Short text for an error in a log line (never its stack, which can be long and is rarely useful here). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
