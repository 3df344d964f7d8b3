/**
 * What the accepting side tolerates in a WebSocket upgrade request, so that the stock Java peers connect
 * (decisions in docs/interop.md#what-rcskit-accepts-in-the-upgrade-request).
 *
 * The Java client and the Java RCS in client mode (Grizzly) send `Sec-WebSocket-Protocol:
 * v1.openicf.forgerock.org` on **two** identical header lines. Node joins repeated lines with `, `, and `ws`
 * refuses a protocol list that names one value twice (RFC 6455 forbids it) with `400 Invalid
 * Sec-WebSocket-Protocol header`. The list is therefore reduced to its distinct values before `ws` sees it. Every
 * other header is left to `ws` and to the authenticator as it came.
 *
 * @packageDocumentation
 */
import type { IncomingMessage } from 'node:http';

/** Reduces a comma-separated token list to its distinct, non-empty tokens (first occurrence kept, in order). */
export function distinctTokens(value: string): string {
  const seen = new Set<string>();
  for (const token of value.split(',')) {
    const trimmed = token.trim();
    if (trimmed !== '') seen.add(trimmed);
  }
  return [...seen].join(', ');
}

/**
 * Rewrites the request's `Sec-WebSocket-Protocol` header to its distinct values (see the module notes). The
 * raw header lines (`rawHeaders`) are kept as received.
 */
export function normalizeUpgradeHeaders(request: IncomingMessage): void {
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered === 'string') request.headers['sec-websocket-protocol'] = distinctTokens(offered);
}

/** The first bytes of a legacy (OpenICF 1.4) binary-protocol stream: the serializer's magic number. */
const LEGACY_MAGIC = [0x00, 0x00, 0xfa, 0xfb] as const;

/**
 * Whether bytes an HTTP parser refused are the start of the legacy binary protocol that IDM speaks on 8759 when
 * a connector server entry is not `"protocol": "websocket"`.
 */
export function isLegacyBinaryProtocol(bytes: Uint8Array | undefined): boolean {
  if (bytes === undefined || bytes.length < LEGACY_MAGIC.length) return false;
  return LEGACY_MAGIC.every((byte, index) => bytes[index] === byte);
}
