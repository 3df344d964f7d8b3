/**
 * The runtime's logging interface: the level methods of a pino logger (or anything shaped like one), plus pino's
 * optional `child(bindings)`. Calls are `log.debug({ operation }, 'text')` or `log.info('text')`.
 *
 * Rules the runtime keeps: configuration values of confidential properties and every GuardedString /
 * GuardedByteArray are never passed to a logger ({@link describeConfiguration} masks them); operation arguments
 * (attributes, filters, script texts) are not logged at all, only operation names and object classes.
 *
 * @packageDocumentation
 */
import {
  type APIConfiguration,
  GuardedByteArray,
  GuardedString,
  JavaArray,
  valueToPlain,
} from '@rcskit/core';

/** One log method: pino's `(object, message)` form or a plain message. */
export type RuntimeLogFn = (objOrMsg: object | string, msg?: string) => void;

/**
 * A pino-compatible logger. `child` is optional; without it the runtime merges bindings itself. `trace` is
 * optional too (the runtime never writes at trace; connectors given this logger fall back to `debug`).
 */
export interface RuntimeLogger {
  trace?: RuntimeLogFn;
  debug: RuntimeLogFn;
  info: RuntimeLogFn;
  warn: RuntimeLogFn;
  error: RuntimeLogFn;
  child?(bindings: Record<string, unknown>): RuntimeLogger;
}

const noop: RuntimeLogFn = () => {};

/** A logger that drops everything (the default). */
export const silentRuntimeLogger: RuntimeLogger = Object.freeze({
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentRuntimeLogger,
});

/**
 * A child logger carrying `bindings` on every line: the logger's own `child` when it has one, otherwise a wrapper
 * that merges the bindings into the object argument.
 */
export function childLogger(logger: RuntimeLogger, bindings: Record<string, unknown>): RuntimeLogger {
  if (typeof logger.child === 'function') return logger.child(bindings);
  const wrap =
    (fn: RuntimeLogFn): RuntimeLogFn =>
    (objOrMsg, msg) => {
      if (typeof objOrMsg === 'string') fn.call(logger, { ...bindings }, objOrMsg);
      else fn.call(logger, { ...bindings, ...objOrMsg }, msg);
    };
  return {
    ...(typeof logger.trace === 'function' ? { trace: wrap(logger.trace) } : {}),
    debug: wrap(logger.debug),
    info: wrap(logger.info),
    warn: wrap(logger.warn),
    error: wrap(logger.error),
    child: (more) => childLogger(logger, { ...bindings, ...more }),
  };
}

/** Short text for an error in a log line (name and message, never the stack). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** What replaces a secret or confidential value in logs. */
export const MASK = '********';

function isSecret(value: unknown): boolean {
  if (value instanceof GuardedString || value instanceof GuardedByteArray) return true;
  return value instanceof JavaArray && value.items.some(isSecret);
}

/**
 * A loggable summary of an API configuration: pooling, buffer, timeouts, handler switches and the property values,
 * with the values of confidential properties and of every guarded value replaced by {@link MASK}.
 */
export function describeConfiguration(configuration: APIConfiguration): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const property of configuration.configurationProperties) {
    const value = property.value;
    properties[property.name] =
      value === null ? null : property.confidential || isSecret(value) ? MASK : valueToPlain(value);
  }
  return {
    connectorPoolingSupported: configuration.connectorPoolingSupported,
    connectorPoolConfiguration: configuration.connectorPoolConfiguration.toJSON(),
    resultsHandlerConfiguration: configuration.resultsHandlerConfiguration.toJSON(),
    producerBufferSize: configuration.producerBufferSize,
    timeouts: Object.fromEntries(configuration.timeouts),
    configurationProperties: properties,
  };
}
