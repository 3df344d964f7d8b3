/**
 * The object-class endpoint `/openidm/system/<name>/<objectType>[/<id>]` (spec framework.md F.4, F.5):
 *
 * | Request | Connector calls | Answer |
 * |---|---|---|
 * | `GET …/<type>?_queryFilter=…` (or `_queryId=query-all-ids`, `_queryExpression`) | search | `{result, resultCount, pagedResultsCookie, totalPagedResultsPolicy, totalPagedResults, remainingPagedResults}` |
 * | `POST …/<type>` or `?_action=create` | create, then get | 201 + the object read back (`{_id}` when it cannot be read) |
 * | `GET …/<id>[?_fields=…]` | get | the object, or 404 `Object <id> not found on system/<name>/<type>` |
 * | `PUT …/<id>` (`If-Match: <rev>` → `Uid.revision`) | get, update, get | the object after the update |
 * | `PATCH …/<id>` | get, then one call per patch operation (`mapping/patch.ts`), get | the object after the patch |
 * | `DELETE …/<id>` (`If-Match`) | get, delete | the object as it was |
 * | `POST …/<type>?_action=authenticate&username=…&password=…` | authenticate | `{_id[, _rev]}` |
 * | `POST …/<type>?_action=liveSync` | sync | see `sync/live-sync.ts` |
 *
 * Checks before every operation, in order: unknown system 404, unknown object type 404 `Not found: <type>`,
 * connector not available 503 (with the reason), operation not supported by the connector 501, then the
 * provisioner's `operationOptions` (501 for an object class outside `supportedObjectTypes`, 403 when denied).
 *
 * Decisions: a PUT with `If-None-Match: *` (create with a client-assigned id) gives 501; any other action gives
 * 400 `Unsupported action <x>`; `X-OpenIDM-Reauth-Password` (IDM's runAs update of `runAsUser` properties) is not
 * supported: such properties are updated like the others.
 *
 * @packageDocumentation
 */
import {
  type ConnectorInfo,
  GuardedString,
  type ObjectClass,
  type OperationOptions,
  OperationOptionsBuilder,
  type Uid,
} from '@rcskit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OPERATION_TYPE_TO_API, type OperationType, operationPolicy } from '../config/provisioner.js';
import { type SystemConnector, supportsOperation } from '../connectors/system-connector.js';
import {
  ACTION_PARAMETERS,
  checkRequestParameters,
  paramValues,
  type RequestParams,
  singleParam,
} from '../crest/params.js';
import {
  BadRequestError,
  InternalServerError,
  NotSupportedError,
  objectNotFound,
  objectTypeNotFound,
  operationNotSupported,
} from '../errors.js';
import {
  type FieldSelection,
  type ObjectTypeModel,
  selectFields,
  toAttributes,
  toJson,
  uidOf,
} from '../mapping/object-types.js';
import { parsePatch, planPatch } from '../mapping/patch.js';
import { filterForSearch, parseQueryRequest, toQueryResponse } from '../mapping/query.js';
import type { JsonObject, JsonValue } from '../mapping/types.js';
import { actionOf, type GatewayContext, objectBody, paramsOf, sendJson, setErrorContext } from './http.js';
import { detailedFailureOf, liveSyncAction } from './live-sync.js';

type TypeParams = { name: string; type: string };
type ObjectParams = TypeParams & { id: string };

/** A checked request target. */
interface Target {
  readonly system: SystemConnector;
  readonly type: ObjectTypeModel;
  readonly objectClass: ObjectClass;
  readonly info: ConnectorInfo;
  /** `system/<name>/<type>`. */
  readonly path: string;
}

async function prepare(
  ctx: GatewayContext,
  name: string,
  typeName: string,
  operation: OperationType,
): Promise<Target> {
  const system = await ctx.systems.get(name);
  const type = system.config.objectTypes.get(typeName);
  if (type === undefined) throw objectTypeNotFound(typeName);
  const { info } = await system.require();
  if (!supportsOperation(info, OPERATION_TYPE_TO_API[operation])) throw operationNotSupported(operation);
  const denied = operationPolicy(system.config, operation, type);
  if (denied) throw denied;
  return { system, type, objectClass: type.objectClass, info, path: `system/${name}/${typeName}` };
}

function fieldsOf(params: RequestParams): string[] | undefined {
  const values = paramValues(params, '_fields');
  return values.length === 0 ? undefined : values;
}

function readOptions(selection: FieldSelection): OperationOptions {
  return new OperationOptionsBuilder().setAttributesToGet([...selection.attributesToGet]).build();
}

/** The revision of an `If-Match` header (quotes and a weak prefix removed; `*` means none). */
function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '' || value === '*') return undefined;
  return value.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function encrypt(ctx: GatewayContext) {
  return { encrypt: (value: JsonValue) => ctx.crypto.encrypt(value) };
}

function decrypt(ctx: GatewayContext) {
  return (value: unknown) => ctx.crypto.reveal(value);
}

function sendObject(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: JsonObject,
): FastifyReply {
  if (typeof body._rev === 'string') reply.header('etag', `"${body._rev}"`);
  return sendJson(request, reply, status, body);
}

/** Reads an object back after a change; `{_id}` when the connector cannot (or fails to) read it. */
async function readBack(
  ctx: GatewayContext,
  t: Target,
  uid: Uid,
  selection: FieldSelection,
): Promise<JsonObject> {
  if (!supportsOperation(t.info, 'GetApiOp')) return { _id: uid.uidValue };
  try {
    const object = await t.system.facade.getObject(t.objectClass, uid, readOptions(selection));
    return object === null ? { _id: uid.uidValue } : toJson(t.type, object, selection, encrypt(ctx));
  } catch (error) {
    // The change was made; IDM answers `{_id}` when the object cannot be read back.
    ctx.logger.warn(
      { resource: `${t.path}/${uid.uidValue}`, error: String(error) },
      'cannot read the object back',
    );
    return { _id: uid.uidValue };
  }
}

async function query(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: TypeParams }>,
  reply: FastifyReply,
) {
  const { name, type } = request.params;
  setErrorContext(request, { operation: 'QUERY', resourcePath: `system/${name}/${type}` });
  const t = await prepare(ctx, name, type, 'SEARCH');
  const q = parseQueryRequest(t.type, paramsOf(request));
  const filter = filterForSearch(q.filter);
  const results: JsonObject[] = [];
  let searchResult = null;
  if (filter !== undefined) {
    searchResult = await t.system.facade.search(
      t.objectClass,
      filter,
      (object) => {
        results.push(toJson(t.type, object, q.fields, encrypt(ctx)));
        return true;
      },
      q.options,
    );
  }
  return sendJson(request, reply, 200, toQueryResponse(results, searchResult));
}

async function create(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: TypeParams }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { name, type } = request.params;
  setErrorContext(request, { operation: 'CREATE', resourcePath: `system/${name}/${type}` });
  const t = await prepare(ctx, name, type, 'CREATE');
  const attributes = toAttributes(t.type, objectBody(request), { mode: 'create', decrypt: decrypt(ctx) });
  const uid = await t.system.facade.create(t.objectClass, attributes);
  if (uid === null)
    throw new InternalServerError(`The connector created an object on ${t.path} but returned no id`);
  const body = await readBack(ctx, t, uid, selectFields(t.type, fieldsOf(paramsOf(request))));
  reply.header('location', `/openidm/${t.path}/${encodeURIComponent(uid.uidValue)}`);
  return sendObject(request, reply, 201, body);
}

async function authenticate(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: TypeParams }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { name, type } = request.params;
  setErrorContext(request, { operation: 'AUTHENTICATE', resourcePath: `system/${name}/${type}` });
  const params = paramsOf(request);
  const username = singleParam(params, 'username');
  const password = singleParam(params, 'password');
  if (username === undefined || username === '' || password === undefined) {
    throw new BadRequestError('The authenticate action needs the parameters username and password');
  }
  const t = await prepare(ctx, name, type, 'AUTHENTICATE');
  const uid = await t.system.facade.authenticate(t.objectClass, username, new GuardedString(password));
  if (uid === null)
    throw new InternalServerError('The connector authenticated the account but returned no id');
  const body: JsonObject = { _id: uid.uidValue };
  if (uid.revision !== undefined) body._rev = uid.revision;
  return sendJson(request, reply, 200, body);
}

async function typeAction(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: TypeParams }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const params = paramsOf(request);
  checkRequestParameters(params, ACTION_PARAMETERS);
  const action = actionOf(request);
  if (action === undefined || action.toLowerCase() === 'create') return create(ctx, request, reply);
  switch (action.toLowerCase()) {
    case 'authenticate':
      return authenticate(ctx, request, reply);
    case 'livesync':
    case 'activesync': {
      const { name, type } = request.params;
      return sendJson(request, reply, 200, await liveSyncAction(ctx, name, type, detailedFailureOf(params)));
    }
    default:
      throw new BadRequestError(`Unsupported action ${action}`);
  }
}

async function read(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: ObjectParams }>,
  reply: FastifyReply,
) {
  const { name, type, id } = request.params;
  setErrorContext(request, { operation: 'READ', resourcePath: `system/${name}/${type}`, id });
  const params = paramsOf(request);
  checkRequestParameters(params, []);
  const t = await prepare(ctx, name, type, 'GET');
  const selection = selectFields(t.type, fieldsOf(params));
  const object = await t.system.facade.getObject(t.objectClass, uidOf(id), readOptions(selection));
  if (object === null) throw objectNotFound(id, t.path);
  return sendObject(request, reply, 200, toJson(t.type, object, selection, encrypt(ctx)));
}

/** The object as it is now (404 when it does not exist); undefined when the connector cannot read. */
async function current(t: Target, uid: Uid, id: string, selection: FieldSelection) {
  if (!supportsOperation(t.info, 'GetApiOp')) return undefined;
  const object = await t.system.facade.getObject(t.objectClass, uid, readOptions(selection));
  if (object === null) throw objectNotFound(id, t.path);
  return object;
}

async function update(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: ObjectParams }>,
  reply: FastifyReply,
) {
  const { name, type, id } = request.params;
  if (request.headers['if-none-match']?.trim() === '*') {
    throw new NotSupportedError(
      `Create with a client-assigned id is not supported on system/${name}/${type}`,
    );
  }
  setErrorContext(request, { operation: 'UPDATE', resourcePath: `system/${name}/${type}`, id });
  const params = paramsOf(request);
  checkRequestParameters(params, []);
  const t = await prepare(ctx, name, type, 'UPDATE');
  const uid = uidOf(id, ifMatchOf(request));
  const attributes = toAttributes(t.type, objectBody(request), { mode: 'update', decrypt: decrypt(ctx) });
  await current(t, uid, id, selectFields(t.type));
  const updated =
    attributes.length === 0 ? uid : ((await t.system.facade.update(t.objectClass, uid, attributes)) ?? uid);
  const body = await readBack(ctx, t, updated, selectFields(t.type, fieldsOf(params)));
  return sendObject(request, reply, 200, body);
}

async function patch(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: ObjectParams }>,
  reply: FastifyReply,
) {
  const { name, type, id } = request.params;
  setErrorContext(request, { operation: 'PATCH', resourcePath: `system/${name}/${type}`, id });
  const params = paramsOf(request);
  checkRequestParameters(params, []);
  const t = await prepare(ctx, name, type, 'UPDATE');
  const operations = parsePatch(t.type, request.body);
  let uid = uidOf(id, ifMatchOf(request));
  const fields = ['*', ...operations.map((op) => op.property.name)];
  const now = await current(t, uid, id, selectFields(t.type, fields));
  const steps = planPatch(t.type, operations, now, decrypt(ctx));
  const facade = t.system.facade;
  for (const step of steps) {
    const next = await facade[step.call](t.objectClass, uid, step.attributes);
    uid = next ?? uid;
  }
  const body = await readBack(ctx, t, uid, selectFields(t.type, fieldsOf(params)));
  return sendObject(request, reply, 200, body);
}

async function remove(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: ObjectParams }>,
  reply: FastifyReply,
) {
  const { name, type, id } = request.params;
  setErrorContext(request, { operation: 'DELETE', resourcePath: `system/${name}/${type}`, id });
  const params = paramsOf(request);
  checkRequestParameters(params, []);
  const t = await prepare(ctx, name, type, 'DELETE');
  const uid = uidOf(id, ifMatchOf(request));
  const selection = selectFields(t.type, fieldsOf(params));
  const before = await current(t, uid, id, selection);
  await t.system.facade.delete(t.objectClass, uid);
  const body = before === undefined ? { _id: id } : toJson(t.type, before, selection, encrypt(ctx));
  return sendObject(request, reply, 200, body);
}

/** Registers `/openidm/system/<name>/<objectType>[/<id>]`. */
export function registerObjectRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  const typePath = '/openidm/system/:name/:type';
  const objectPath = '/openidm/system/:name/:type/:id';
  app.get<{ Params: TypeParams }>(typePath, (request, reply) => query(ctx, request, reply));
  app.post<{ Params: TypeParams }>(typePath, (request, reply) => typeAction(ctx, request, reply));
  app.get<{ Params: ObjectParams }>(objectPath, (request, reply) => read(ctx, request, reply));
  app.put<{ Params: ObjectParams }>(objectPath, (request, reply) => update(ctx, request, reply));
  app.patch<{ Params: ObjectParams }>(objectPath, (request, reply) => patch(ctx, request, reply));
  app.delete<{ Params: ObjectParams }>(objectPath, (request, reply) => remove(ctx, request, reply));
  app.post<{ Params: ObjectParams }>(objectPath, async (request) => {
    checkRequestParameters(paramsOf(request), ACTION_PARAMETERS);
    const action = actionOf(request) ?? '';
    throw new BadRequestError(`Unsupported action ${action}`);
  });
}
