/**
 * Authentication of the WebSocket upgrade (spec §2.2, §7).
 *
 * The OpenICF shared key is never sent in protocol messages: the client sends it as the password of an HTTP Basic
 * `Authorization` header on the upgrade request, and the server compares `base64(SHA-1(UTF-16BE(password)))` with
 * its configured hash (`connectorserver.key`). Outcomes mirror the Java RCS: no or unsupported `Authorization` →
 * 401 with `WWW-Authenticate: Basic realm="openicf.forgerock.org"`; wrong key → 403.
 *
 * A server may replace the shared-key check with its own {@link Authenticator} (principal/password tables, Bearer
 * tokens from an OAuth2 client-credentials flow, …); it returns the principal name or the HTTP status to refuse with.
 *
 * @packageDocumentation
 */
import type { IncomingMessage } from 'node:http';
import { constantTimeEqual, GuardedString, IllegalArgumentException } from '@rcskit/core';
import { optionalString } from '../messages.js';

/** Realm named in the `WWW-Authenticate` challenge of a 401 answer. */
export const OPENICF_REALM = 'openicf.forgerock.org';

/** The `WWW-Authenticate` header value of a 401 answer. */
export const WWW_AUTHENTICATE_CHALLENGE = `Basic realm="${OPENICF_REALM}"`;

/** The principal every shared-key client is bound to (Java's `ConnectionPrincipal.DEFAULT_NAME`). */
export const DEFAULT_PRINCIPAL = 'anonymous';

/**
 * The OpenICF key hash: Base64 (standard alphabet, padded) of SHA-1 over the key's UTF-16BE code units.
 * `computeKeyHash('changeit') === 'lmA6bMfENJGlIDbfrVtklXFK32s='`.
 */
export function computeKeyHash(key: string | GuardedString): string {
  return (typeof key === 'string' ? new GuardedString(key) : key).base64SHA1Hash;
}

/** Whether a candidate key hashes to the configured hash (constant-time comparison). */
export function verifyKey(candidate: string | GuardedString, configuredHash: string): boolean {
  return constantTimeEqual(computeKeyHash(candidate), configuredHash);
}

/** User name and password of a Basic `Authorization` header. */
export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

/** Java's `String.trim()`: strips code units up to U+0020 at both ends. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

/**
 * Parses a Basic `Authorization` header as the Java RCS does: scheme `Basic` in any case, Base64 credentials
 * decoded as ISO-8859-1, split at the first `:`, user and password both trimmed. Returns `undefined` when the
 * header is absent, not Basic, has no `:`, or names a blank user.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const [scheme, token] = header.trim().split(/\s+/, 2);
  if (scheme === undefined || token === undefined || scheme.toLowerCase() !== 'basic') return undefined;
  const decoded = Buffer.from(token, 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = javaTrim(decoded.slice(0, colon));
  if (optionalString(user) === undefined) return undefined;
  return { user, password: javaTrim(decoded.slice(colon + 1)) };
}

/** The token of a `Bearer` `Authorization` header, or `undefined`. */
export function parseBearerAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme, token] = header.trim().split(/\s+/, 2);
  if (scheme === undefined || token === undefined || scheme.toLowerCase() !== 'bearer') return undefined;
  return token;
}

/**
 * The Basic `Authorization` header value for a user and key (`user:key` encoded as ISO-8859-1, as the Java
 * client does).
 *
 * @throws {IllegalArgumentException} when user or key contain characters outside ISO-8859-1 (Java would send
 *   `?` for them, and the server's hash could never match).
 */
export function basicAuthorization(user: string, key: string | GuardedString): string {
  const clear = typeof key === 'string' ? key : key.access((k) => k);
  const text = `${user}:${clear}`;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) {
      throw new IllegalArgumentException('Basic credentials must be ISO-8859-1 characters');
    }
  }
  return `Basic ${Buffer.from(text, 'latin1').toString('base64')}`;
}

/** The Bearer `Authorization` header value for an access token. */
export function bearerAuthorization(token: string): string {
  return `Bearer ${token}`;
}

/**
 * What an {@link Authenticator} decides: the principal name to bind the socket to, or the HTTP status to refuse
 * the upgrade with (401 = no usable credentials, answered with the Basic challenge; 403 = credentials refused).
 */
export type AuthDecision = string | 401 | 403;

/** Decides on one upgrade request. Must not log or keep the `Authorization` header. */
export type Authenticator = (request: IncomingMessage) => AuthDecision | Promise<AuthDecision>;

/** Options of {@link sharedKeyAuthenticator}. */
export interface SharedKeyAuthenticatorOptions {
  /**
   * Accept only the user `anonymous` (the .NET RCS rule; another user gets 403). Default `false`: any non-blank
   * user is accepted, as the Java RCS does.
   */
  readonly requireAnonymousUser?: boolean;
}

/**
 * The Java RCS check: Basic credentials whose password hashes to `keyHash`. Every accepted socket is bound to the
 * principal `anonymous`, whatever user name the client sent.
 */
export function sharedKeyAuthenticator(
  keyHash: string,
  options: SharedKeyAuthenticatorOptions = {},
): Authenticator {
  return (request) => {
    const credentials = parseBasicAuthorization(request.headers.authorization);
    if (credentials === undefined) return 401;
    if (options.requireAnonymousUser && credentials.user !== DEFAULT_PRINCIPAL) return 403;
    return verifyKey(credentials.password, keyHash) ? DEFAULT_PRINCIPAL : 403;
  };
}
