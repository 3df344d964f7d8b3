/**
 * OAuth2 client credentials for client mode (PingIDM / Identity Cloud: `connectorserver.tokenEndpoint`, `clientId`,
 * `clientSecret`, `scope`): the token is requested with a form POST (`grant_type=client_credentials`, client id and
 * secret in the body, as AM accepts), cached, and renewed shortly before it expires — when less than a tenth of its
 * lifetime (at least 5 s, at most 60 s) is left — or when IDM refused it. Concurrent callers share one request.
 * The access token is sent on each WebSocket upgrade as `Authorization: Bearer …` and is never logged.
 *
 * @packageDocumentation
 */

import type { Agent } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tlsFailure } from '@rcskit/transport';
import type { OAuth2Settings } from '../properties/server-config.js';
import type { ClientTls } from './tls.js';

/** The token endpoint refused or failed; the message never contains the secret. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Settings of an {@link OAuth2TokenClient}. */
export interface OAuth2TokenClientOptions {
  /** Trusted CAs (default: Node's) and client certificate for an `https` token endpoint. */
  readonly tls?: ClientTls | undefined;
  /** HTTP agent for the requests (the client mode's proxy tunnel). */
  readonly agent?: Agent | undefined;
  /** The proxy, for messages. */
  readonly proxyLabel?: string | undefined;
  /** Wait for the endpoint. Default 30 s. */
  readonly timeoutMs?: number | undefined;
  /** Clock, for tests. */
  readonly now?: (() => number) | undefined;
}

interface CachedToken {
  readonly value: string;
  readonly renewAt: number;
}

/** Token lifetime assumed when the endpoint gives no `expires_in`, in seconds. */
const DEFAULT_LIFETIME_S = 300;

/** See the module notes. */
export class OAuth2TokenClient {
  readonly #settings: OAuth2Settings;
  readonly #options: OAuth2TokenClientOptions;
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;
  #requests = 0;

  constructor(settings: OAuth2Settings, options: OAuth2TokenClientOptions = {}) {
    this.#settings = settings;
    this.#options = options;
  }

  /** Token requests sent so far (for tests and diagnostics). */
  get requestCount(): number {
    return this.#requests;
  }

  /** A valid access token: the cached one, or a new one. */
  token(): Promise<string> {
    const now = this.#now();
    if (this.#cached !== undefined && now < this.#cached.renewAt) return Promise.resolve(this.#cached.value);
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets the cached token (IDM refused it). */
  invalidate(): void {
    this.#cached = undefined;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  async #fetch(): Promise<string> {
    const settings = this.#settings;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: settings.clientId,
      client_secret: settings.clientSecret.reveal(),
    });
    if (settings.scope !== undefined) form.set('scope', settings.scope);
    this.#requests++;
    const started = this.#now();
    const { status, body } = await this.#post(form.toString());
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      // reported below
    }
    const where = `token endpoint ${settings.tokenEndpoint}`;
    if (status === 407) {
      throw new TokenRequestError(
        `the HTTP proxy ${this.#options.proxyLabel ?? ''} refused its credentials for ${where} (HTTP 407): check connectorserver.proxyPrincipal and connectorserver.proxyPassword`,
        status,
      );
    }
    if (status < 200 || status >= 300) {
      const detail =
        typeof json.error === 'string'
          ? `: ${json.error}${typeof json.error_description === 'string' ? ` (${json.error_description})` : ''}`
          : '';
      throw new TokenRequestError(
        `${where} answered HTTP ${status}${detail} for client ${settings.clientId}`,
        status,
      );
    }
    if (typeof json.access_token !== 'string' || json.access_token === '') {
      throw new TokenRequestError(`${where} answered without an access_token`, status);
    }
    const lifetimeMs =
      (typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : DEFAULT_LIFETIME_S) *
      1000;
    const margin = Math.min(60_000, Math.max(5_000, lifetimeMs / 10));
    this.#cached = { value: json.access_token, renewAt: started + Math.max(0, lifetimeMs - margin) };
    return json.access_token;
  }

  #post(body: string): Promise<{ status: number; body: string }> {
    const url = new URL(this.#settings.tokenEndpoint);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const tls = this.#options.tls;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
          timeout: this.#options.timeoutMs ?? 30_000,
          ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
          ...(tls?.key !== undefined ? { key: tls.key, cert: tls.cert, passphrase: tls.passphrase } : {}),
          ...(this.#options.agent !== undefined ? { agent: this.#options.agent } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new TokenRequestError(`token endpoint ${url.origin} did not answer in time`)),
      );
      req.on('error', (error) =>
        reject(
          error instanceof TokenRequestError
            ? error
            : new TokenRequestError(
                `cannot reach token endpoint ${this.#settings.tokenEndpoint}: ${tlsFailure(`token endpoint ${this.#settings.tokenEndpoint}`, error)?.message ?? error.message}`,
              ),
        ),
      );
      req.end(body);
    });
  }
}
