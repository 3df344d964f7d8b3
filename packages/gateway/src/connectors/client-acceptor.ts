/**
 * The gateway's own OpenICF endpoint for RCSs in **client mode**: an `OpenIcfServer` attached to the gateway's
 * HTTP(S) server (`upgrade` requests on `/openicf`; every other path is left to the REST routes), serving the
 * IDM side (`ClientEndpoint`: it hosts no connectors, asks each RCS for its list).
 *
 * **Who is connecting.** The upgrade's credentials must name one enabled `remoteConnectorClients[]` entry; the
 * entry's `name` becomes the channel's principal, which is how channels are bound to entries:
 *
 * 1. `Authorization: Bearer <token>`: the entry whose `token` (encrypted at rest) equals the token.
 * 2. HTTP Basic `<user>:<password>` where `<user>` is the entry's `principal` (default: its `name`) and the
 *    password equals the entry's `password` (or `key`; both encrypted at rest).
 * 3. HTTP Basic with a gateway user's credentials (`users.json`) when the RCS names itself with the upgrade
 *    header `X-OpenICF-Connector-Server-Name: <name>` (what rcskit's RCS sends in client mode); `<name>` must be
 *    a configured entry without credentials of its own.
 *
 * No credentials → 401 with the OpenICF Basic challenge; credentials that do not match → 403. Secrets are
 * compared in constant time (`constantTimeEqual` of `@rcskit/core`) and never logged.
 *
 * @packageDocumentation
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { constantTimeEqual } from '@rcskit/core';
import {
  type AuthDecision,
  ClientEndpoint,
  OpenIcfServer,
  type PeerChannel,
  type PeerLogger,
  parseBasicAuthorization,
  parseBearerAuthorization,
} from '@rcskit/transport';
import type { UserStore } from '../auth/users.js';
import type { ConnectorInfoProviderModel, RemoteConnectorClient } from '../config/connector-ref.js';
import type { ConfigCrypto } from '../config/crypto.js';

/** Upgrade header an RCS in client mode names itself with (rcskit's RCS sends it). */
export const CONNECTOR_SERVER_NAME_HEADER = 'x-openicf-connector-server-name';

/** The path RCSs in client mode dial. */
export const CLIENT_ENDPOINT_PATH = '/openicf';

function secretOf(crypto: ConfigCrypto, client: RemoteConnectorClient, field: string): string | undefined {
  const value = client.json[field];
  if (value === undefined || value === null) return undefined;
  try {
    const clear = crypto.reveal(value);
    return typeof clear === 'string' && clear !== '' ? clear : undefined;
  } catch {
    return undefined;
  }
}

/** Settings of {@link clientAuthenticator}. */
export interface ClientAuthenticatorOptions {
  /** The current connector-info provider configuration. */
  readonly model: () => ConnectorInfoProviderModel;
  readonly crypto: ConfigCrypto;
  /** Gateway users, for RCSs that authenticate as a user and name themselves by header (rule 3). */
  readonly users?: UserStore | undefined;
}

/** The authenticate hook of the client endpoint (rules in the module notes); resolves the client's name. */
export function clientAuthenticator(
  options: ClientAuthenticatorOptions,
): (request: IncomingMessage) => Promise<AuthDecision> {
  return async (request) => {
    const clients = options.model().clients.filter((c) => c.enabled);
    const header = request.headers.authorization;
    const bearer = parseBearerAuthorization(header);
    if (bearer !== undefined) {
      let match: string | undefined;
      for (const client of clients) {
        const token = secretOf(options.crypto, client, 'token');
        if (token !== undefined && constantTimeEqual(bearer, token)) match ??= client.name;
      }
      return match ?? 403;
    }
    const basic = parseBasicAuthorization(header);
    if (basic === undefined) return 401;
    const own = clients.filter((c) => {
      const principal =
        typeof c.json.principal === 'string' && c.json.principal !== '' ? c.json.principal : c.name;
      return principal === basic.user;
    });
    for (const client of own) {
      const secret = secretOf(options.crypto, client, 'password') ?? secretOf(options.crypto, client, 'key');
      if (secret !== undefined) return constantTimeEqual(basic.password, secret) ? client.name : 403;
    }
    if (options.users === undefined) return 403;
    const named = request.headers[CONNECTOR_SERVER_NAME_HEADER];
    const name = typeof named === 'string' ? named.trim() : own[0]?.name;
    const client = clients.find((c) => c.name === name);
    if (client === undefined) return 403;
    const hasOwnSecret = ['password', 'key', 'token'].some(
      (f) => secretOf(options.crypto, client, f) !== undefined,
    );
    if (hasOwnSecret) return 403;
    const principal = await options.users.verify(basic.user, basic.password);
    return principal === undefined ? 403 : client.name;
  };
}

/** Settings of {@link attachClientEndpoint}. */
export interface ClientEndpointOptions extends ClientAuthenticatorOptions {
  /** The gateway's HTTP(S) server. */
  readonly server: HttpServer | HttpsServer;
  /** Called for every accepted channel (its principal is the client's name). */
  readonly onChannel: (channel: PeerChannel) => void;
  readonly logger: PeerLogger;
}

/** Attaches the client endpoint to the gateway's server; close the returned server before the HTTP server. */
export function attachClientEndpoint(options: ClientEndpointOptions): OpenIcfServer {
  return new OpenIcfServer({
    server: options.server,
    path: CLIENT_ENDPOINT_PATH,
    localEndpoint: () => new ClientEndpoint(),
    authenticate: clientAuthenticator(options),
    onChannel: options.onChannel,
    logger: options.logger,
  });
}
