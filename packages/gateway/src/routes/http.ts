/**
 * What every route shares: the gateway context, JSON answers (with `_prettyPrint`), request bodies, the
 * authentication hook, IDM-shaped errors and the 404 of unknown routes.
 *
 * - Bodies: any content type is read as text and parsed as JSON; an empty body is `undefined`; text that is not
 *   JSON gives 400. (jQuery and curl send bodies with and without `Content-Type: application/json`.)
 * - Authentication runs before every route: `X-OpenIDM-Username` / `X-OpenIDM-Password` or HTTP Basic against
 *   `users.json`, else 401 `{"code":401,"reason":"Unauthorized","message":"Access Denied"}`. (The `/openicf`
 *   WebSocket upgrade is not an HTTP route: RCSs in client mode authenticate there separately.)
 * - Errors: everything thrown becomes `toResourceError(…)`'s `{code, reason, message[, detail]}`; fastify's own
 *   failures (oversized body, …) keep their status. 5xx answers are logged.
 * - Unknown routes: 404 `Resource '<path>' not found`.
 *
 * @packageDocumentation
 */

import type { PeerLogger } from '@rcskit/transport';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserStore } from '../auth/users.js';
import type { ConfigStore } from '../config/config-store.js';
import type { ConfigCrypto } from '../config/crypto.js';
import type { ConnectorHosts } from '../connectors/host-registry.js';
import type { Systems } from '../connectors/systems.js';
import { prettyPrintOf, type RequestParams, singleParam } from '../crest/params.js';
import {
  BadRequestError,
  type ErrorContext,
  NotFoundError,
  ResourceError,
  toResourceError,
} from '../errors.js';
import type { SyncStateStore } from '../sync/live-sync.js';

/** Everything the routes work with. */
export interface GatewayContext {
  /** The gateway directory (`conf/`, `security/`, `state/`; relative `actionFile`s). */
  readonly baseDir: string;
  readonly configs: ConfigStore;
  readonly crypto: ConfigCrypto;
  readonly users: UserStore;
  readonly hosts: ConnectorHosts;
  readonly systems: Systems;
  readonly syncState: SyncStateStore;
  readonly logger: PeerLogger;
}

/** The request's query parameters. */
export function paramsOf(request: FastifyRequest): RequestParams {
  return (request.query ?? {}) as RequestParams;
}

/** The `_action` parameter, or undefined. */
export function actionOf(request: FastifyRequest): string | undefined {
  return singleParam(paramsOf(request), '_action');
}

function pretty(request: FastifyRequest): boolean {
  try {
    return prettyPrintOf(paramsOf(request));
  } catch {
    return false;
  }
}

/** Answers with a JSON body (indented with `_prettyPrint=true`). */
export function sendJson(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: unknown,
): FastifyReply {
  const text = pretty(request) ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=UTF-8')
    .header('cache-control', 'no-store')
    .send(text);
}

const errorContexts = new WeakMap<FastifyRequest, ErrorContext>();

/** Names the operation and resource a failing request was about (used in messages of bare exceptions). */
export function setErrorContext(request: FastifyRequest, context: ErrorContext): void {
  errorContexts.set(request, context);
}

/** The request body as a JSON object, `{}` when there is none. */
export function objectBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError('The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Installs body parsing, authentication, error handling and the 404 handler. */
export function installHttpBasics(app: FastifyInstance, users: UserStore, logger: PeerLogger): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, text, done) => {
    const source = typeof text === 'string' ? text : text.toString('utf8');
    if (source.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(source));
    } catch (error) {
      done(new BadRequestError(`The request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    await users.authenticate(request.headers);
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    let failure: ResourceError;
    const status = (error as { statusCode?: unknown }).statusCode;
    if (!(error instanceof ResourceError) && typeof status === 'number' && status >= 400 && status < 600) {
      failure = new ResourceError(status, (error as Error).message, { cause: error });
    } else {
      failure = toResourceError(error, errorContexts.get(request));
    }
    if (failure.code >= 500) {
      logger.error(
        {
          method: request.method,
          url: request.url.split('?')[0],
          code: failure.code,
          error: failure.message,
          cause:
            failure.cause instanceof Error ? `${failure.cause.name}: ${failure.cause.message}` : undefined,
        },
        'request failed',
      );
    }
    sendJson(request, reply, failure.code, failure.toJSON());
  });

  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').replace(/^\/openidm\/?/, '');
    sendJson(request, reply, 404, new NotFoundError(`Resource '${path}' not found`).toJSON());
  });
}
