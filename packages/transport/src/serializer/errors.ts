/**
 * The one error class of the binary serializer.
 *
 * @packageDocumentation
 */
import { ConnectorException } from '@rcskit/core';

/**
 * A value could not be serialized, or bytes could not be deserialized: malformed or truncated input, an unknown
 * type name or pool code, a decode limit exceeded, or a value the wire format cannot carry.
 *
 * It is a core `ConnectorException`, so it reaches a Java peer as
 * `org.identityconnectors.framework.common.exceptions.ConnectorException` — what the Java framework reports for
 * protocol-level failures (spec §5.9). Errors raised inside a type handler (for example a core constructor
 * refusing a blank Uid) are wrapped and kept as `cause`.
 */
export class SerializationException extends ConnectorException {
  /** Byte offset in the input where decoding failed, when known (from the start of the input). */
  readonly offset: number | undefined;

  constructor(message: string, options?: { cause?: unknown; offset?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.offset = options?.offset;
  }
}
