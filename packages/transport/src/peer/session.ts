/**
 * Session ids (spec §2.5): every peer names itself in its `HandshakeMessage.sessionId`, and the receiver groups
 * sockets by that id. Java uses the upper-case hex SHA-1 of a fresh public key (40 characters); rcskit uses 20
 * random bytes in the same form, so a restarted process never rejoins a stale group on a Java peer.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';

/** A new random session id: 40 upper-case hex characters, the shape of a Java peer's id. */
export function newSessionId(): string {
  return randomBytes(20).toString('hex').toUpperCase();
}

let processId: string | undefined;

/**
 * One session id for the whole process, created on first use. Servers and clients default to their own
 * {@link newSessionId} instead (two client channels to the same server must not share an id, or the server would
 * merge them into one group); pass this one explicitly to make several instances appear as one peer.
 */
export function processSessionId(): string {
  processId ??= newSessionId();
  return processId;
}
