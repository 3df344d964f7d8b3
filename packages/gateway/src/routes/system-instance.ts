/**
 * `POST /openidm/system/<name>?_action=…` (spec framework.md F.3, the scripted-connectors seed):
 *
 * - `test`: the system's status (`system-status.ts`), 404 for an unknown system;
 * - `schema`: the connector's schema as `{"objectTypes", "operationOptions"}` (F.8);
 * - `script`: the provisioner's `systemActions` (`mapping/script.ts`), run on the connector or, with
 *   `scriptExecuteMode=resource`, on the resource: `{"actions": [{"result"} | {"error"}…]}`;
 * - `liveSync`: live sync of the `__ALL__` object type.
 *
 * Action names are matched case-insensitively (IDM lower-cases them). `GET /openidm/system/<name>` gives 501.
 *
 * @packageDocumentation
 */
import { OperationOptionsBuilder, ScriptContext } from '@rcskit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { supportsOperation } from '../connectors/system-connector.js';
import { ACTION_PARAMETERS, checkRequestParameters, scriptIdOf, singleParam } from '../crest/params.js';
import { BadRequestError, NotFoundError, NotSupportedError, operationNotSupported } from '../errors.js';
import { schemaToJson } from '../mapping/schema-json.js';
import { scriptActionsFor, scriptArguments } from '../mapping/script.js';
import { type JsonObject, toJsonValue } from '../mapping/types.js';
import { actionOf, type GatewayContext, paramsOf, sendJson, setErrorContext } from './http.js';
import { detailedFailureOf, liveSyncAction } from './live-sync.js';
import { systemStatus } from './system-status.js';

async function runScript(ctx: GatewayContext, name: string, request: FastifyRequest): Promise<JsonObject> {
  const params = paramsOf(request);
  const scriptId = scriptIdOf(params);
  if (scriptId === undefined || scriptId === '') {
    throw new BadRequestError('The script action needs the parameter scriptId');
  }
  const system = await ctx.systems.get(name);
  const config = system.config;
  const actions = await scriptActionsFor(
    config.systemActions,
    scriptId,
    config.connectorRef.connectorName,
    name,
    ctx.baseDir,
  );
  const onResource = (singleParam(params, 'scriptExecuteMode') ?? '').toLowerCase() === 'resource';
  const { info } = await system.require();
  const api = onResource ? 'ScriptOnResourceApiOp' : 'ScriptOnConnectorApiOp';
  if (!supportsOperation(info, api)) {
    throw operationNotSupported(onResource ? 'SCRIPT_ON_RESOURCE' : 'SCRIPT_ON_CONNECTOR');
  }
  const args = scriptArguments(params, request.body);
  const prefix = singleParam(params, 'scriptVariablePrefix');
  const options =
    prefix === undefined || prefix === ''
      ? null
      : new OperationOptionsBuilder().setOption('variablePrefix', prefix).build();
  const results: JsonObject[] = [];
  for (const action of actions) {
    try {
      const context = new ScriptContext(action.language, action.text, args);
      const result = onResource
        ? await system.facade.runScriptOnResource(context, options)
        : await system.facade.runScriptOnConnector(context, options);
      results.push({ result: toJsonValue(result) });
    } catch (error) {
      results.push({ error: error instanceof Error && error.message !== '' ? error.message : String(error) });
    }
  }
  return { actions: results };
}

async function instanceAction(
  ctx: GatewayContext,
  request: FastifyRequest<{ Params: { name: string } }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { name } = request.params;
  const params = paramsOf(request);
  checkRequestParameters(params, ACTION_PARAMETERS);
  const action = actionOf(request);
  if (action === undefined) throw new BadRequestError('The request needs an _action parameter');
  setErrorContext(request, { operation: action.toUpperCase(), resourcePath: `system/${name}` });
  const send = (body: unknown) => sendJson(request, reply, 200, body);
  switch (action.toLowerCase()) {
    case 'test': {
      const entry = await ctx.systems.entry(name);
      if (entry === undefined) throw new NotFoundError(`Not found: system/${name}`);
      return send(await systemStatus(ctx.systems, entry));
    }
    case 'schema': {
      const system = await ctx.systems.get(name);
      const { info } = await system.require();
      if (!supportsOperation(info, 'SchemaApiOp')) throw operationNotSupported('SCHEMA');
      const schema = await system.facade.schema();
      return send(schema === null ? { objectTypes: {}, operationOptions: {} } : schemaToJson(schema));
    }
    case 'script':
      return send(await runScript(ctx, name, request));
    case 'livesync':
    case 'activesync':
      return send(await liveSyncAction(ctx, name, undefined, detailedFailureOf(params)));
    default:
      throw new BadRequestError(`Action ${action} is not supported on system/${name}`);
  }
}

/** Registers `/openidm/system/<name>`. */
export function registerSystemInstanceRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.post<{ Params: { name: string } }>('/openidm/system/:name', (request, reply) =>
    instanceAction(ctx, request, reply),
  );
  app.get<{ Params: { name: string } }>('/openidm/system/:name', async (request) => {
    throw new NotSupportedError(`Read is not supported on system/${request.params.name}: use an _action`);
  });
}
