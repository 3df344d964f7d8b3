/**
 * The configuration endpoints (IDM's `/openidm/config/…`), backed by `ConfigStore` (atomic writes, 0600):
 *
 * | Request | Effect |
 * |---|---|
 * | `GET /openidm/config` | `{"_id": "", "configurations": [{_id, pid, factoryPid}…]}` |
 * | `GET /openidm/config/provisioner.openicf/<name>` | the stored configuration with `_id` |
 * | `PUT /openidm/config/provisioner.openicf/<name>` | validated and stored (201 when new, else 200); the system uses it from the next request |
 * | `DELETE /openidm/config/provisioner.openicf/<name>` | removed; answers the configuration as it was |
 * | `GET /openidm/config/provisioner.openicf.connectorinfoprovider` | the stored connector servers, clients and groups |
 * | `PUT /openidm/config/provisioner.openicf.connectorinfoprovider` | validated, stored, and applied at once (servers dialled or dropped, clients accepted or disconnected) |
 *
 * Secrets never leave in clear: stored values are `$crypto` envelopes (connector-server keys, proxy passwords,
 * client passwords and tokens; the connector's confidential, GuardedString and GuardedByteArray properties when
 * the connector can be found), and a GET encrypts any value a hand edit left in clear before answering.
 *
 * @packageDocumentation
 */
import type { FastifyInstance } from 'fastify';
import { CONNECTOR_INFO_PROVIDER_FILE, type StoredProvisioner } from '../config/config-store.js';
import { CONNECTOR_SERVER_SECRET_FIELDS, checkConnectorRef } from '../config/connector-ref.js';
import type { ConfigCrypto } from '../config/crypto.js';
import { isValidProvisionerName, protectProvisionerSecrets } from '../config/provisioner.js';
import { InternalServerError, NotFoundError } from '../errors.js';
import { type GatewayContext, sendJson, setErrorContext } from './http.js';

/** The configuration id of the connector-info provider. */
export const CONNECTOR_INFO_PROVIDER_ID = 'provisioner.openicf.connectorinfoprovider';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function configId(name: string): string {
  return `provisioner.openicf/${name}`;
}

function noConfiguration(id: string): NotFoundError {
  return new NotFoundError(`No configuration exists for id ${id}`);
}

/** A copy of a connector-info provider JSON with every server and client secret encrypted. */
export function protectConnectorServers(
  json: Readonly<Record<string, unknown>>,
  crypto: ConfigCrypto,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...json };
  for (const section of ['remoteConnectorServers', 'remoteConnectorClients']) {
    const list = out[section];
    if (!Array.isArray(list)) continue;
    out[section] = list.map((entry: unknown) => {
      if (!isObject(entry)) return entry;
      const copy: Record<string, unknown> = { ...entry };
      for (const field of CONNECTOR_SERVER_SECRET_FIELDS) {
        if (copy[field] !== undefined) copy[field] = crypto.protect(copy[field]);
      }
      return copy;
    });
  }
  return out;
}

async function provisionerJson(
  ctx: GatewayContext,
  entry: StoredProvisioner,
): Promise<Record<string, unknown>> {
  const json = entry.json ?? {};
  const ref = checkConnectorRef(json.connectorRef).ref;
  const names = ref === undefined ? undefined : await ctx.systems.confidentialNames(ref);
  const safe = names === undefined ? { ...json } : protectProvisionerSecrets(json, names, ctx.crypto);
  return { _id: configId(entry.name), ...safe };
}

/** Registers `/openidm/config…`. */
export function registerConfigRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  const provisionerPath = '/openidm/config/provisioner.openicf/:name';
  type NameParams = { Params: { name: string } };

  app.get('/openidm/config', async (request, reply) => {
    const configurations: Record<string, unknown>[] = [];
    for (const entry of await ctx.configs.listProvisioners()) {
      configurations.push({
        _id: configId(entry.name),
        pid: configId(entry.name),
        factoryPid: 'provisioner.openicf',
      });
    }
    const provider = await ctx.configs.getConnectorInfoProvider();
    if (provider.mtimeMs !== 0) {
      configurations.push({
        _id: CONNECTOR_INFO_PROVIDER_ID,
        pid: CONNECTOR_INFO_PROVIDER_ID,
        factoryPid: null,
      });
    }
    return sendJson(request, reply, 200, { _id: '', configurations });
  });

  app.get<NameParams>(provisionerPath, async (request, reply) => {
    const { name } = request.params;
    setErrorContext(request, { operation: 'READ', resourcePath: `config/${configId(name)}` });
    const entry = isValidProvisionerName(name) ? await ctx.configs.getProvisioner(name) : undefined;
    if (entry === undefined) throw noConfiguration(configId(name));
    return sendJson(request, reply, 200, await provisionerJson(ctx, entry));
  });

  app.put<NameParams>(provisionerPath, async (request, reply) => {
    const { name } = request.params;
    setErrorContext(request, { operation: 'UPDATE', resourcePath: `config/${configId(name)}` });
    const body = request.body;
    const ref = isObject(body) ? checkConnectorRef(body.connectorRef).ref : undefined;
    const confidential = ref === undefined ? [] : ((await ctx.systems.confidentialNames(ref)) ?? []);
    const existed = isValidProvisionerName(name) && (await ctx.configs.getProvisioner(name)) !== undefined;
    const stored = await ctx.configs.putProvisioner(name, body, { confidential });
    ctx.logger.info(
      { system: name },
      existed ? 'provisioner configuration updated' : 'provisioner configuration created',
    );
    return sendJson(request, reply, existed ? 200 : 201, await provisionerJson(ctx, stored));
  });

  app.delete<NameParams>(provisionerPath, async (request, reply) => {
    const { name } = request.params;
    setErrorContext(request, { operation: 'DELETE', resourcePath: `config/${configId(name)}` });
    const previous = await ctx.configs.deleteProvisioner(name);
    if (previous === undefined) throw noConfiguration(configId(name));
    ctx.systems.forget(name);
    ctx.logger.info({ system: name }, 'provisioner configuration deleted');
    return sendJson(request, reply, 200, await provisionerJson(ctx, previous));
  });

  const providerPath = `/openidm/config/${CONNECTOR_INFO_PROVIDER_ID}`;
  app.get(providerPath, async (request, reply) => {
    const entry = await ctx.configs.getConnectorInfoProvider();
    if (entry.mtimeMs === 0 || entry.json === undefined) {
      if (entry.mtimeMs === 0) throw noConfiguration(CONNECTOR_INFO_PROVIDER_ID);
      throw new InternalServerError(`The file ${CONNECTOR_INFO_PROVIDER_FILE} is not valid: ${entry.error}`);
    }
    return sendJson(request, reply, 200, {
      _id: CONNECTOR_INFO_PROVIDER_ID,
      ...protectConnectorServers(entry.json, ctx.crypto),
    });
  });

  app.put(providerPath, async (request, reply) => {
    setErrorContext(request, { operation: 'UPDATE', resourcePath: `config/${CONNECTOR_INFO_PROVIDER_ID}` });
    const stored = await ctx.configs.putConnectorInfoProvider(request.body);
    if (stored.model !== undefined) ctx.hosts.reload(stored.model);
    ctx.logger.info({}, 'connector-info provider configuration updated');
    return sendJson(request, reply, 200, { _id: CONNECTOR_INFO_PROVIDER_ID, ...(stored.json ?? {}) });
  });
}
