/**
 * The status of a system, as `/openidm/system?_action=test` lists them and `/openidm/system/<name>?_action=test`
 * answers (spec framework.md F.3):
 *
 * `{"name", "enabled", "config": "config/provisioner.openicf/<name>", "objectTypes": ["__ALL__", …],
 *   "connectorRef": {…}, "displayName", "ok"[, "error"[, "reason"]]}`
 *
 * - `ok` is true only when the connector's `test()` succeeded.
 * - `error`: `connector not available` (with the why in `reason`, an rcskit addition: which server is not
 *   connected, or does not offer the connector), `TEST UnsupportedOperation` (the connector has no test
 *   operation), `Connection Error` (an InvalidCredentialException), otherwise the exception's message.
 * - A file that does not validate is listed with `ok: false` and the validation problems as `error`.
 * - `connectorRef.connectorHostRef` is shown when the configuration sets it (as in the scripted-connectors seed).
 *
 * @packageDocumentation
 */
import { InvalidCredentialException, UnsupportedOperationException } from '@rcskit/core';
import type { StoredProvisioner } from '../config/config-store.js';
import { supportsOperation } from '../connectors/system-connector.js';
import type { Systems } from '../connectors/systems.js';
import { provisionerStatusJson } from '../mapping/system-json.js';
import type { JsonObject } from '../mapping/types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function withHostRef(status: JsonObject, entry: StoredProvisioner): JsonObject {
  const ref = entry.json?.connectorRef;
  if (!isObject(ref) || typeof ref.connectorHostRef !== 'string' || !isObject(status.connectorRef))
    return status;
  return { ...status, connectorRef: { connectorHostRef: ref.connectorHostRef, ...status.connectorRef } };
}

/** The status of one stored system (runs its connector's test). */
export async function systemStatus(systems: Systems, entry: StoredProvisioner): Promise<JsonObject> {
  const config = entry.config;
  if (config === undefined) {
    const out: JsonObject = {
      name: entry.name,
      config: `config/provisioner.openicf/${entry.name}`,
      ok: false,
      error: entry.error ?? 'invalid configuration',
    };
    if (isObject(entry.json) && typeof entry.json.enabled === 'boolean') out.enabled = entry.json.enabled;
    return out;
  }
  const system = systems.fromEntry(entry);
  const resolution = await system.resolve();
  if (!resolution.ok) {
    return withHostRef(
      {
        ...provisionerStatusJson(config, { ok: false, error: 'connector not available' }),
        reason: resolution.reason,
      },
      entry,
    );
  }
  const displayName = resolution.info.connectorDisplayName;
  if (!supportsOperation(resolution.info, 'TestApiOp')) {
    return withHostRef(
      provisionerStatusJson(config, { displayName, ok: false, error: 'TEST UnsupportedOperation' }),
      entry,
    );
  }
  try {
    await system.facade.test();
    return withHostRef(provisionerStatusJson(config, { displayName, ok: true }), entry);
  } catch (error) {
    let message: string;
    if (error instanceof InvalidCredentialException) message = 'Connection Error';
    else if (error instanceof UnsupportedOperationException) message = 'TEST UnsupportedOperation';
    else message = error instanceof Error && error.message !== '' ? error.message : String(error);
    return withHostRef(provisionerStatusJson(config, { displayName, ok: false, error: message }), entry);
  }
}
