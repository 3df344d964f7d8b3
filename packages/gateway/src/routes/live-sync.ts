/**
 * The three live-sync entry points share this: `/system?_action=liveSync&source=system/<name>/<type>`,
 * `/system/<name>?_action=liveSync` (the `__ALL__` object type) and `/system/<name>/<type>?_action=liveSync`.
 * `detailedFailure=true` keeps the failing delta in `lastException`. See `sync/live-sync.ts`.
 *
 * @packageDocumentation
 */

import { operationPolicy } from '../config/provisioner.js';
import { supportsOperation } from '../connectors/system-connector.js';
import { type RequestParams, singleParam } from '../crest/params.js';
import { BadRequestError, objectTypeNotFound, operationNotSupported } from '../errors.js';
import { type LiveSyncResult, runLiveSync } from '../sync/live-sync.js';
import type { GatewayContext } from './http.js';

/** Parses `source=system/<name>/<type>`. */
export function parseSyncSource(source: string | undefined): { name: string; type: string } {
  if (source === undefined || source.trim() === '') {
    throw new BadRequestError('The liveSync action needs the parameter source=system/<name>/<objectType>');
  }
  const match = /^\/?system\/([^/]+)\/([^/]+)\/?$/.exec(source.trim());
  if (!match)
    throw new BadRequestError(`Invalid live sync source '${source}': expected system/<name>/<objectType>`);
  return { name: match[1]!, type: match[2]! };
}

/** True for `detailedFailure=true`. */
export function detailedFailureOf(params: RequestParams): boolean {
  return (singleParam(params, 'detailedFailure') ?? '').toLowerCase() === 'true';
}

/**
 * Runs live sync for `system/<name>/<type>`; `type` undefined means the system's `__ALL__` object type.
 *
 * @throws 404 for an unknown system or type, 503 while the connector is not available, 501 when it cannot sync.
 */
export async function liveSyncAction(
  ctx: GatewayContext,
  name: string,
  typeName: string | undefined,
  detailedFailure: boolean,
): Promise<LiveSyncResult> {
  const system = await ctx.systems.get(name);
  const config = system.config;
  let objectType = typeName === undefined ? undefined : config.objectTypes.get(typeName);
  if (typeName === undefined) {
    objectType = [...config.objectTypes.values()].find((t) => t.nativeType.toUpperCase() === '__ALL__');
    if (objectType === undefined)
      throw new BadRequestError(`system/${name} has no __ALL__ object type to sync`);
  }
  if (objectType === undefined) throw objectTypeNotFound(typeName ?? '');
  const { info } = await system.require();
  if (!supportsOperation(info, 'SyncApiOp')) throw operationNotSupported('SYNC');
  const denied = operationPolicy(config, 'SYNC', objectType);
  if (denied) throw denied;
  return runLiveSync({ system, objectType, store: ctx.syncState, detailedFailure });
}
