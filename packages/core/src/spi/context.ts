/**
 * What the framework hands a connector besides its configuration (spec framework.md C.1): the
 * {@link ConnectorContext} given to `Connector.init`, and the {@link ConnectorLogger} in it.
 *
 * The logger is the host's: in an RCS it is a child of the server's own (pino) logger, tagged with the
 * connector's identity, so a connector's lines land in the server's log at the server's level, in its format and
 * under its redaction. A connector logs operation names, object classes and counts — never attribute values it
 * cannot vouch for, and never the clear text of a `GuardedString` (which prints as `[GuardedString]` anyway).
 *
 * @packageDocumentation
 */

/**
 * One level method of a {@link ConnectorLogger}, pino's calling convention: `log.info('text')` or
 * `log.info({ objectClass, count }, 'text')` — fields first, message second.
 */
export type ConnectorLogFn = (objOrMsg: object | string, msg?: string) => void;

/**
 * A pino-compatible logger: pino's `Logger` fits as it is, and so does any object with these methods. `trace` is
 * optional; callers fall back to `debug` when it is absent (`(log.trace ?? log.debug).call(log, …)`).
 *
 * Which levels are written is the host's decision: a connector calls the method and the host filters.
 */
export interface ConnectorLogger {
  /** Finest detail; may be absent (then use {@link debug}). */
  trace?: ConnectorLogFn;
  /** Diagnostic detail, off in a default-configured server. */
  debug: ConnectorLogFn;
  /** Noteworthy events an operator wants to see by default. */
  info: ConnectorLogFn;
  /** Something went wrong but the connector carried on. */
  warn: ConnectorLogFn;
  /** An operation or the connector failed. */
  error: ConnectorLogFn;
}

/**
 * The framework's second argument to `Connector.init(configuration, context)`. Optional on the connector's side:
 * a connector that ignores it stays valid, and a host that has nothing to offer (a unit test calling `init`
 * directly) may leave it out, so connectors read it as `context?.log`.
 */
export interface ConnectorContext {
  /**
   * The logger this connector instance writes to. The framework gives every instance of one configuration (one
   * facade) the same logger, already tagged with the connector's bundle name, bundle version and connector name.
   */
  readonly log: ConnectorLogger;
}
