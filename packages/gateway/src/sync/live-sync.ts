/**
 * Live sync (spec framework.md F.3): `POST /openidm/system?_action=liveSync&source=system/<name>/<type>`,
 * `/openidm/system/<name>/<type>?_action=liveSync` and `/openidm/system/<name>?_action=liveSync` (the `__ALL__`
 * type).
 *
 * **State** is kept per source in a file-backed store, one JSON document per source at
 * `<state dir>/synchronisation/pooledSyncStage/<ID>.json`, where `ID` is `system/<name>/<type>` without slashes,
 * upper-cased (`SYSTEMLDAPACCOUNT`), as IDM names it. Writes are atomic (temporary file, fsync, rename); runs for
 * the same source are serialised. The document is IDM's:
 *
 * ```json
 * {"_id": "SYSTEMLDAPACCOUNT", "_rev": "2",
 *  "connectorData": {"nativeType": "integer", "syncToken": 42},
 *  "lastException": {"throwable": "…", "syncDelta": {…}}}
 * ```
 *
 * `nativeType` is the IDM type name of the token value's Java type (`integer`, `JAVA_TYPE_LONG`, `string`, …), so
 * the token goes back to the connector with the exact type it came with.
 *
 * **Runs.** The first run (no stored token) asks the connector for its latest token, stores it and processes no
 * change. Later runs call `sync()` from the stored token; every delta is mapped to JSON; afterwards the token
 * the connector returned (else the last delta's) is stored. IDM hands each delta to its synchronisation engine;
 * the gateway has none, so the response carries them instead, in an rcskit addition `changes`:
 *
 * ```json
 * {"_id": …, "_rev": …, "connectorData": {…},
 *  "changes": [{"deltaType": "CREATE", "objectType": "account", "resourceContainer": "system/ldap/account",
 *               "resourceId": "<uid>", "previousResourceId"?: "<uid>", "syncToken": 43, "newValue": {…}}]}
 * ```
 *
 * A DELETE has no `newValue`. When a delta cannot be mapped, the run stops there: `lastException` is recorded
 * (its `syncDelta` only with `detailedFailure=true`) and the token of the last delta that was mapped is kept, so
 * the next run starts again at the failing delta. A successful run removes `lastException`.
 *
 * @packageDocumentation
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { javaTypeOf, ObjectClass, SyncToken, toAttributeValue, writeFileAtomic } from '@rcskit/core';
import type { SystemConnector } from '../connectors/system-connector.js';
import { InternalServerError } from '../errors.js';
import { type ObjectTypeModel, toJson } from '../mapping/object-types.js';
import {
  coerceToNative,
  idmTypeName,
  type JsonObject,
  type JsonValue,
  nativeJavaType,
  toJsonValue,
} from '../mapping/types.js';
import { jsonText } from '../util/atomic-file.js';

/** The stored state of one source. */
export interface SyncStage {
  _id: string;
  _rev: string;
  connectorData: { nativeType: string; syncToken: JsonValue };
  lastException?: { throwable: string; syncDelta?: JsonObject };
}

/** One change handed out by a run. */
export type SyncChange = JsonObject;

/** The answer of a run: the stage, plus the changes read. */
export type LiveSyncResult = SyncStage & { changes: SyncChange[] };

/** `system/<name>/<type>` → `SYSTEM<NAME><TYPE>` (IDM's stage id). */
export function syncStageId(source: string): string {
  return source.replaceAll('/', '').toUpperCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The token as stored: `{nativeType, syncToken}`. */
export function tokenToJson(token: SyncToken): { nativeType: string; syncToken: JsonValue } {
  const javaType = javaTypeOf(token.value) ?? 'Object';
  return { nativeType: idmTypeName(javaType), syncToken: toJsonValue(token.value) };
}

/** A stored token back as a SyncToken of its original Java type. */
export function tokenFromJson(data: { nativeType?: unknown; syncToken?: unknown }): SyncToken | undefined {
  const value = data.syncToken;
  if (value === undefined || value === null) return undefined;
  const javaType = typeof data.nativeType === 'string' ? nativeJavaType(data.nativeType) : undefined;
  if (javaType !== undefined && javaType !== 'Object' && javaType !== 'List') {
    return new SyncToken(coerceToNative(value, javaType, 'syncToken'));
  }
  return new SyncToken(toAttributeValue(value as never, 'syncToken'));
}

/** The file-backed stage store; see the module notes. */
export class SyncStateStore {
  readonly dir: string;
  readonly #locks = new Map<string, Promise<unknown>>();

  /** @param stateDir the gateway's state directory. */
  constructor(stateDir: string) {
    this.dir = join(stateDir, 'synchronisation', 'pooledSyncStage');
  }

  #file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** The stage of a source id, or undefined. */
  async get(id: string): Promise<SyncStage | undefined> {
    let text: string;
    try {
      text = await readFile(this.#file(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const json: unknown = JSON.parse(text);
    if (!isObject(json) || !isObject(json.connectorData)) {
      throw new InternalServerError(`The live sync state ${this.#file(id)} is not valid`);
    }
    return json as unknown as SyncStage;
  }

  /** Stores a stage atomically. */
  async put(stage: SyncStage): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.#file(stage._id), jsonText(stage), { mode: 0o600 });
  }

  /** Runs `work` after every earlier run for the same id. */
  async locked<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(id) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(id, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(id) === settled) this.#locks.delete(id);
    }
  }
}

/** What {@link runLiveSync} works on. */
export interface LiveSyncRequest {
  readonly system: SystemConnector;
  /** The requested object type (the `__ALL__` one for the whole system). */
  readonly objectType: ObjectTypeModel;
  readonly store: SyncStateStore;
  /** Keep the failing delta in `lastException.syncDelta`. */
  readonly detailedFailure?: boolean;
}

function nextRev(stage: SyncStage | undefined): string {
  const n = Number(stage?._rev ?? '0');
  return String(Number.isFinite(n) ? n + 1 : 1);
}

/** One live-sync run for a source (see the module notes). */
export async function runLiveSync(request: LiveSyncRequest): Promise<LiveSyncResult> {
  const { system, objectType, store } = request;
  const config = system.config;
  const source = `system/${config.name}/${objectType.name}`;
  const id = syncStageId(source);
  return store.locked(id, async () => {
    await system.require();
    const previous = await store.get(id);
    const facade = system.facade;
    const objectClass = new ObjectClass(objectType.nativeType);
    const stored = previous ? tokenFromJson(previous.connectorData) : undefined;
    if (stored === undefined) {
      const latest = await facade.getLatestSyncToken(objectClass);
      const stage: SyncStage = {
        _id: id,
        _rev: nextRev(previous),
        connectorData: latest
          ? tokenToJson(latest)
          : { nativeType: previous?.connectorData.nativeType ?? 'string', syncToken: null },
      };
      await store.put(stage);
      return { ...stage, changes: [] };
    }

    const typesByClass = new Map<string, ObjectTypeModel>();
    for (const type of config.objectTypes.values()) {
      const key = type.nativeType.toUpperCase();
      if (!typesByClass.has(key)) typesByClass.set(key, type);
    }
    const changes: SyncChange[] = [];
    let lastGood: SyncToken = stored;
    let failure: SyncStage['lastException'] | undefined;
    const final = await facade.sync(objectClass, stored, (delta) => {
      try {
        const type = typesByClass.get((delta.objectClass ?? objectClass).type.toUpperCase()) ?? objectType;
        const change: SyncChange = {
          deltaType: delta.deltaType,
          objectType: type.name,
          resourceContainer: `system/${config.name}/${type.name}`,
          resourceId: delta.uid.uidValue,
        };
        if (delta.previousUid) change.previousResourceId = delta.previousUid.uidValue;
        change.syncToken = toJsonValue(delta.token.value);
        if (delta.deltaType !== 'DELETE' && delta.object) change.newValue = toJson(type, delta.object);
        changes.push(change);
        lastGood = delta.token;
        return true;
      } catch (error) {
        failure = { throwable: error instanceof Error ? error.message : String(error) };
        if (request.detailedFailure) {
          failure.syncDelta = {
            deltaType: delta.deltaType,
            uid: delta.uid.uidValue,
            objectClass: delta.objectClass?.type ?? null,
            token: toJsonValue(delta.token.value),
          };
        }
        return false;
      }
    });
    const token = failure === undefined ? (final ?? lastGood) : lastGood;
    const stage: SyncStage = { _id: id, _rev: nextRev(previous), connectorData: tokenToJson(token) };
    if (failure !== undefined) stage.lastException = failure;
    await store.put(stage);
    return { ...stage, changes };
  });
}
