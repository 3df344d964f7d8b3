/**
 * `POST /openidm/system?_action=…` (spec framework.md F.2, the PingIDM seed):
 *
 * | Action | Answer |
 * |---|---|
 * | `availableConnectors` | `{"connectorRef": [{connectorHostRef?, displayName, bundleVersion, systemType, bundleName, connectorName}…]}`: local connectors (no `connectorHostRef`), then every connected server's and client's, then every group's; unreachable servers are skipped |
 * | `availableConnectorServers` | the four connector-server types of the seed |
 * | `createConnectorServerCoreConfig` | body `{type, systemType}`: the seed's template for that type |
 * | `createCoreConfig` | body `{connectorRef}`: echoed with pool, results-handler, timeout and property defaults (secrets encrypted); `{}` without `connectorRef`; 404 for an unknown connector |
 * | `createFullConfig` | a core config with `configurationProperties`: runs `test()` (when supported; failures answer as errors), then `schema()` → adds `objectTypes` and `operationOptions`; `{}` without `configurationProperties` |
 * | `createConfiguration` | IDM's wizard: empty body → availableConnectors, `connectorRef` → core, plus `configurationProperties` → full |
 * | `test` | no `id` (parameter or body): every system's status; with one: that system's, or 404 |
 * | `testConfig` | body = a configuration with `name` and no `_id`: `{ok, name[, error][, reason]}` from a throw-away facade |
 * | `testConnectorServers` | `{"openicf": [{name, type, ok, state, error?, …}]}`: every connector host's status (as IDM 7 names this action; the details are rcskit's) |
 * | `liveSync` / `activeSync` | `source=system/<name>/<type>`: see `sync/live-sync.ts` |
 *
 * An unknown action gives 400. `GET /openidm/system` gives 501 (the collection only has actions).
 *
 * @packageDocumentation
 */
import { InvalidCredentialException, UnsupportedOperationException } from '@rcskit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseConnectorRef } from '../config/connector-ref.js';
import { checkProvisionerConfig, confidentialPropertyNames } from '../config/provisioner.js';
import { describeConnector } from '../connectors/connector-host.js';
import { supportsOperation } from '../connectors/system-connector.js';
import { ACTION_PARAMETERS, checkRequestParameters, singleParam } from '../crest/params.js';
import { BadRequestError, NotFoundError, NotSupportedError } from '../errors.js';
import { coreConfigFor, fullConfigFor } from '../mapping/schema-json.js';
import { availableConnectorJson, SYSTEM_TYPE } from '../mapping/system-json.js';
import type { JsonObject } from '../mapping/types.js';
import { actionOf, type GatewayContext, objectBody, paramsOf, sendJson, setErrorContext } from './http.js';
import { detailedFailureOf, liveSyncAction, parseSyncSource } from './live-sync.js';
import { systemStatus } from './system-status.js';

/** The four connector-server types (the seed's `availableConnectorServers` answer). */
export const CONNECTOR_SERVER_TYPES = Object.freeze([
  { displayName: 'Remote Connector Server', systemType: SYSTEM_TYPE, type: 'remoteConnectorServer' },
  {
    displayName: 'Remote Connector Servers Group',
    systemType: SYSTEM_TYPE,
    type: 'remoteConnectorServersGroup',
  },
  {
    displayName: 'Remote Connector Server in Client mode',
    systemType: SYSTEM_TYPE,
    type: 'remoteConnectorClient',
  },
  {
    displayName: 'Remote Connector Servers Group in Client mode',
    systemType: SYSTEM_TYPE,
    type: 'remoteConnectorClientsGroup',
  },
]);

/** The seed's `createConnectorServerCoreConfig` answers, by type. */
export function connectorServerCoreConfig(type: string): JsonObject | undefined {
  switch (type) {
    case 'remoteConnectorClient':
      return { displayName: '', name: '', enabled: true, useSSL: false };
    case 'remoteConnectorServer':
      return {
        displayName: '',
        proxyPassword: null,
        proxyHost: null,
        enabled: true,
        useSSL: false,
        proxyPort: 8080,
        port: '',
        name: '',
        host: '',
        proxyUser: null,
        housekeepingInterval: 600,
        connectionGroupCheckInterval: 900,
        pingPongInterval: 300,
        key: 'password',
        webSocketConnections: 2,
      };
    case 'remoteConnectorServersGroup':
    case 'remoteConnectorClientsGroup':
      return { displayName: '', name: '', serversList: [], algorithm: 'failover' };
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The name the throw-away configurations of `createFullConfig` run under. */
const TEMPORARY_NAME = 'createFullConfig';

async function availableConnectors(ctx: GatewayContext): Promise<JsonObject> {
  const found = await ctx.hosts.availableConnectors();
  return { connectorRef: found.map((c) => availableConnectorJson(c.info, c.connectorHostRef)) };
}

async function createCoreConfig(ctx: GatewayContext, body: Record<string, unknown>): Promise<unknown> {
  if (!isObject(body.connectorRef)) return {};
  const ref = parseConnectorRef(body.connectorRef);
  const info = await ctx.systems.findConnector(ref);
  if (info === undefined) {
    throw new NotFoundError(`Connector not found: ${describeConnector(ref)} on ${ref.connectorHostRef}`);
  }
  return coreConfigFor(body, info, ctx.crypto);
}

async function createFullConfig(ctx: GatewayContext, body: Record<string, unknown>): Promise<unknown> {
  if (!isObject(body.configurationProperties)) return {};
  const ref = parseConnectorRef(body.connectorRef);
  const info = await ctx.systems.findConnector(ref);
  if (info === undefined) {
    throw new NotFoundError(`Connector not found: ${describeConnector(ref)} on ${ref.connectorHostRef}`);
  }
  const { config, problems } = checkProvisionerConfig({
    ...body,
    name: TEMPORARY_NAME,
    objectTypes: undefined,
    operationOptions: undefined,
  });
  if (config === undefined) throw new BadRequestError(`Invalid configuration: ${problems.join('; ')}`);
  const system = ctx.systems.temporary(config);
  if (supportsOperation(info, 'TestApiOp')) await system.facade.test();
  let schema = null;
  if (supportsOperation(info, 'SchemaApiOp')) {
    try {
      schema = await system.facade.schema();
    } catch (error) {
      if (!(error instanceof InvalidCredentialException)) throw error;
    }
  }
  return fullConfigFor(body, schema, { crypto: ctx.crypto, confidential: confidentialPropertyNames(info) });
}

async function testConfig(ctx: GatewayContext, body: Record<string, unknown>): Promise<JsonObject> {
  if (body._id !== undefined) throw new BadRequestError('testConfig takes a configuration without an _id');
  if (typeof body.name !== 'string' || body.name.trim() === '') {
    throw new BadRequestError('testConfig needs the configuration with its name');
  }
  const name = body.name;
  const { config, problems } = checkProvisionerConfig(body);
  if (config === undefined) return { ok: false, name, error: problems.join('; ') };
  const system = ctx.systems.temporary(config);
  const resolution = await system.resolve();
  if (!resolution.ok) return { ok: false, name, error: 'connector not available', reason: resolution.reason };
  if (!supportsOperation(resolution.info, 'TestApiOp')) {
    return { ok: true, name, reason: 'TEST UnsupportedOperation' };
  }
  try {
    await system.facade.test();
    return { ok: true, name };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UnsupportedOperationException)
      return { ok: true, name, reason: 'TEST UnsupportedOperation' };
    if (error instanceof InvalidCredentialException) {
      return { ok: false, name, error: 'Connection Error', reason: message };
    }
    return { ok: false, name, error: message };
  }
}

async function test(ctx: GatewayContext, request: FastifyRequest): Promise<unknown> {
  const body = request.body;
  const id = isObject(body) && typeof body.id === 'string' ? body.id : singleParam(paramsOf(request), 'id');
  if (id !== undefined) {
    const entry = await ctx.systems.entry(id);
    if (entry === undefined) throw new NotFoundError(`Not found: system/${id}`);
    return systemStatus(ctx.systems, entry);
  }
  const entries = await ctx.configs.listProvisioners();
  return Promise.all(entries.map((entry) => systemStatus(ctx.systems, entry)));
}

async function connectorServerStatuses(ctx: GatewayContext): Promise<JsonObject> {
  const statuses = await ctx.hosts.statuses();
  return {
    openicf: statuses
      .filter((s) => s.type !== 'local' || s.ok)
      .map((s) => JSON.parse(JSON.stringify(s)) as JsonObject),
  };
}

async function systemAction(
  ctx: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const params = paramsOf(request);
  checkRequestParameters(params, ACTION_PARAMETERS);
  const action = actionOf(request);
  if (action === undefined) throw new BadRequestError('The request needs an _action parameter');
  setErrorContext(request, { operation: action, resourcePath: 'system' });
  const send = (body: unknown) => sendJson(request, reply, 200, body);
  switch (action.toLowerCase()) {
    case 'availableconnectors':
      return send(await availableConnectors(ctx));
    case 'availableconnectorservers':
      return send({ connectorServers: CONNECTOR_SERVER_TYPES });
    case 'createconnectorservercoreconfig': {
      const body = objectBody(request);
      if (body.systemType !== undefined && body.systemType !== SYSTEM_TYPE) {
        throw new BadRequestError(`Unsupported systemType '${String(body.systemType)}': only ${SYSTEM_TYPE}`);
      }
      if (typeof body.type !== 'string') {
        throw new BadRequestError(
          `createConnectorServerCoreConfig needs a type: ${CONNECTOR_SERVER_TYPES.map((t) => t.type).join(', ')}`,
        );
      }
      const template = connectorServerCoreConfig(body.type);
      if (template === undefined) throw new BadRequestError(`Unknown connector server type '${body.type}'`);
      return send(template);
    }
    case 'createcoreconfig':
      return send(await createCoreConfig(ctx, objectBody(request)));
    case 'createfullconfig':
      return send(await createFullConfig(ctx, objectBody(request)));
    case 'createconfiguration': {
      const body = objectBody(request);
      if (!isObject(body.connectorRef)) return send(await availableConnectors(ctx));
      if (!isObject(body.configurationProperties)) return send(await createCoreConfig(ctx, body));
      return send(await createFullConfig(ctx, body));
    }
    case 'test':
      return send(await test(ctx, request));
    case 'testconfig':
      return send(await testConfig(ctx, objectBody(request)));
    case 'testconnectorservers':
      return send(await connectorServerStatuses(ctx));
    case 'livesync':
    case 'activesync': {
      const { name, type } = parseSyncSource(singleParam(params, 'source'));
      return send(await liveSyncAction(ctx, name, type, detailedFailureOf(params)));
    }
    default:
      throw new BadRequestError(`Action ${action} is not supported on system`);
  }
}

/** Registers `/openidm/system`. */
export function registerSystemRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.post('/openidm/system', (request, reply) => systemAction(ctx, request, reply));
  app.get('/openidm/system', async () => {
    throw new NotSupportedError('Read and query are not supported on system: use an _action');
  });
}
