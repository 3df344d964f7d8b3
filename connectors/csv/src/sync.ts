/**
 * Sync by snapshot diff. A sync token is a Long; token `T` names the snapshot file `<csvFile>.sync.<T>`, a copy of
 * the CSV file taken at that moment (T is the epoch-ms time, bumped to stay strictly increasing).
 *
 * `sync(token)`:
 * 1. Under the write lock, copy the current file to a new snapshot `N` (copy to a temporary file, then rename, so
 *    a snapshot is never partial). Diffing two immutable snapshots, not the live file, means a write that lands
 *    during the diff is simply reported next time.
 * 2. Diff snapshot `T` against `N` by uid: new uids are `CREATE`, uids whose row changed are `UPDATE` (rows are
 *    compared column by column, by column name, so reordering columns is no change), vanished uids are `DELETE`
 *    (with the old object). **Unchanged rows are not reported** (the Java connector's inverted comparison reported
 *    every row as UPDATE).
 * 3. Every delta carries the **old** token `T`: if the caller fails half way and keeps the token of the last delta
 *    it processed, the next sync repeats the diff instead of losing the rest (at-least-once).
 * 4. When deltas were sent, `N` becomes the token and snapshots beyond `syncFileRetentionCount` (oldest first) are
 *    deleted (the Java connector never deleted any). When nothing changed, or the handler stopped early, `N` is
 *    dropped and `T` stays the token.
 *
 * A null token creates the first snapshot and reports nothing. A token whose snapshot no longer exists (pruned,
 * or deleted by hand) reports every current row as `CREATE_OR_UPDATE` and moves to the new snapshot — nothing is
 * lost but the deletes made since (the Java connector silently started over from the current file).
 *
 * Snapshots never hold the password column (a file with one is re-serialised without it), so password-only changes
 * are not reported: `__PASSWORD__` is not readable, so such a delta would show nothing.
 *
 * Memory: the diff keeps a map uid → SHA-1 of the old rows (about 100–150 bytes per row).
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { copyFile, readdir, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import {
  IllegalArgumentException,
  JavaInteger,
  JavaLong,
  ObjectClass,
  type OperationOptions,
  SyncDeltaBuilder,
  type SyncDeltaType,
  type SyncResultsHandler,
  SyncToken,
} from '@rcskit/core';
import type { CsvColumns } from './columns.js';
import type { ResolvedSettings } from './configuration.js';
import type { CsvRow } from './csv-reader.js';
import { CsvRowSerializer, commitRewrite, openRewrite, staleLockRecovery } from './csv-writer.js';
import { withFileLock } from './file-lock.js';
import { readColumns, readTable } from './table.js';

/** The snapshot file of a token. */
export function snapshotPath(file: string, token: bigint): string {
  return `${file}.sync.${token}`;
}

/** Tokens of the existing snapshots of `file`, oldest first. */
export async function listSnapshots(file: string): Promise<bigint[]> {
  const prefix = `${basename(file)}.sync.`;
  const tokens: bigint[] = [];
  for (const name of await readdir(dirname(file))) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (/^\d{1,19}$/.test(rest)) tokens.push(BigInt(rest));
  }
  return tokens.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The token as a Long SyncToken. */
export function toSyncToken(token: bigint): SyncToken {
  return new SyncToken(new JavaLong(token));
}

/**
 * The numeric value of a token this connector handed out (a Long; Integers, numbers and decimal strings are
 * accepted too, as a caller may have stored it in another form).
 *
 * @throws IllegalArgumentException for anything else.
 */
export function tokenValue(token: SyncToken): bigint {
  const v = token.value;
  if (v instanceof JavaLong) return v.value;
  if (v instanceof JavaInteger) return BigInt(v.value);
  if (typeof v === 'string' && /^\d{1,19}$/.test(v.trim())) return BigInt(v.trim());
  throw new IllegalArgumentException(`Invalid sync token for the CSV connector: ${String(token)}`);
}

/**
 * Copies the current file to a new snapshot and returns its token. Hold the write lock when calling.
 *
 * A file with a password column is re-serialised without it: snapshots never hold secrets. Otherwise the file is
 * copied as it is. Either way the snapshot appears under its final name only when complete.
 */
async function createSnapshot(settings: ResolvedSettings): Promise<bigint> {
  const file = settings.file;
  const existing = await listSnapshots(file);
  const newest = existing.at(-1) ?? 0n;
  const now = BigInt(Date.now());
  const token = now > newest ? now : newest + 1n;
  const target = snapshotPath(file, token);
  const columns = await readColumns(settings);
  const writer = await openRewrite(target, settings.format.encoding, file);
  try {
    if (columns.password < 0) {
      // Copied as it is, in place into the writer's temporary file (which the commit flushes).
      await copyFile(file, writer.tempPath);
    } else {
      const serializer = new CsvRowSerializer(settings.format);
      const keep = columns.names.map((_, i) => i).filter((i) => i !== columns.password);
      await writer.write(serializer.row(keep.map((i) => columns.names[i]!)));
      for await (const { columns: c, rows } of readTable(settings)) {
        let text = '';
        for (const row of rows) text += serializer.row(keep.map((i) => c.cell(row, i)));
        await writer.write(text);
      }
    }
    await commitRewrite(writer);
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return token;
}

/** Deletes the oldest snapshots so that at most `keep` remain. Hold the write lock when calling. */
async function pruneSnapshots(settings: ResolvedSettings): Promise<void> {
  const { file, retention: keep, log } = settings;
  const tokens = await listSnapshots(file);
  const old = tokens.slice(0, Math.max(0, tokens.length - keep));
  for (const token of old) await unlink(snapshotPath(file, token)).catch(() => {});
  if (old.length > 0) log.debug({ file, pruned: old.length, kept: keep }, 'Pruned sync snapshots');
}

/** `getLatestSyncToken`: a new snapshot of the current file (older ones pruned to the retention count). */
export async function latestSyncToken(settings: ResolvedSettings): Promise<SyncToken> {
  const file = settings.file;
  const token = await withFileLock(
    file,
    async () => {
      const t = await createSnapshot(settings);
      await pruneSnapshots(settings);
      return t;
    },
    staleLockRecovery(file, settings.log),
  );
  return toSyncToken(token);
}

/** A row's content as a digest, by column name (so column order does not matter; empty cells are skipped). */
function fingerprint(columns: CsvColumns, order: readonly number[], row: CsvRow): string {
  const hash = createHash('sha1');
  for (const i of order) {
    const cell = columns.cell(row, i);
    if (cell !== '') hash.update(`${columns.names[i]}\u0000${cell}\u0001`);
  }
  return hash.digest('base64');
}

/** Column indexes by column name, the password column left out (its changes are not readable anyway). */
function nameOrder(columns: CsvColumns): number[] {
  return columns.names
    .map((name, i) => ({ name, i }))
    .filter((e) => e.i !== columns.password)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => e.i);
}

/** `compute(columns)`, computed again only when the header changes (every batch of one file shares its columns). */
function perHeader<T>(compute: (columns: CsvColumns) => T): (columns: CsvColumns) => T {
  let last: CsvColumns | undefined;
  let value: T | undefined;
  return (columns) => {
    if (columns !== last) {
      value = compute(columns);
      last = columns;
    }
    return value as T;
  };
}

async function handle(handler: SyncResultsHandler, builder: SyncDeltaBuilder): Promise<boolean> {
  const r = handler.handle(builder.build());
  return (r instanceof Promise ? await r : r) !== false;
}

/**
 * Reports the changes since `token` (see the module notes) and ends with `handler.handleResult(newToken)`.
 */
export async function synchronize(
  settings: ResolvedSettings,
  token: SyncToken | null,
  handler: SyncResultsHandler,
  options: OperationOptions,
): Promise<void> {
  const file = settings.file;
  if (token === null) {
    await handler.handleResult?.(await latestSyncToken(settings));
    return;
  }
  const old = tokenValue(token);
  const oldToken = toSyncToken(old);
  const origin = snapshotPath(file, old);
  const next = await withFileLock(
    file,
    () => createSnapshot(settings),
    staleLockRecovery(file, settings.log),
  );
  const current = snapshotPath(file, next);
  let outcome: 'changed' | 'unchanged' | 'stopped' = 'unchanged';
  try {
    outcome = await diff(settings, origin, current, oldToken, handler, options);
  } finally {
    if (outcome !== 'changed') await unlink(current).catch(() => {});
  }
  if (outcome === 'changed') {
    await withFileLock(file, () => pruneSnapshots(settings), staleLockRecovery(file, settings.log));
    await handler.handleResult?.(toSyncToken(next));
  } else {
    await handler.handleResult?.(oldToken);
  }
}

async function originExists(origin: string): Promise<boolean> {
  const names = await readdir(dirname(origin));
  return names.includes(basename(origin));
}

async function diff(
  settings: ResolvedSettings,
  origin: string,
  current: string,
  token: SyncToken,
  handler: SyncResultsHandler,
  options: OperationOptions,
): Promise<'changed' | 'unchanged' | 'stopped'> {
  const delta = (type: SyncDeltaType) => new SyncDeltaBuilder().setToken(token).setDeltaType(type);
  const orderOf = perHeader(nameOrder);
  const selectionOf = perHeader((columns) => columns.selection(options.attributesToGet));
  let sent = false;
  const emit = async (builder: SyncDeltaBuilder): Promise<boolean> => {
    sent = true;
    return handle(handler, builder);
  };

  if (!(await originExists(origin))) {
    for await (const { columns, rows, firstIndex } of readTable(settings, current)) {
      const select = selectionOf(columns);
      for (let r = 0; r < rows.length; r++) {
        const object = columns.toObject(rows[r]!, firstIndex + r + 1, current, select);
        if (!(await emit(delta('CREATE_OR_UPDATE').setObject(object)))) return 'stopped';
      }
    }
    // Even with no rows, move on to a snapshot that exists.
    return 'changed';
  }

  const before = new Map<string, string>();
  for await (const { columns, rows, firstIndex } of readTable(settings, origin)) {
    const order = orderOf(columns);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      before.set(columns.uidOf(row, firstIndex + r + 1, origin), fingerprint(columns, order, row));
    }
  }

  for await (const { columns, rows, firstIndex } of readTable(settings, current)) {
    const order = orderOf(columns);
    const select = selectionOf(columns);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const uid = columns.uidOf(row, firstIndex + r + 1, current);
      const previous = before.get(uid);
      if (previous !== undefined) before.delete(uid);
      if (previous === fingerprint(columns, order, row)) continue;
      const object = columns.toObject(row, firstIndex + r + 1, current, select);
      const type = previous === undefined ? 'CREATE' : 'UPDATE';
      if (!(await emit(delta(type).setObject(object)))) return 'stopped';
    }
  }

  if (before.size > 0) {
    for await (const { columns, rows, firstIndex } of readTable(settings, origin)) {
      const select = selectionOf(columns);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        const uid = columns.uidOf(row, firstIndex + r + 1, origin);
        if (!before.delete(uid)) continue;
        const object = columns.toObject(row, firstIndex + r + 1, origin, select);
        if (!(await emit(delta('DELETE').setObject(object)))) return 'stopped';
      }
    }
  }
  return sent ? 'changed' : 'unchanged';
}

/** Sync accepts `__ACCOUNT__` and `__ALL__`. */
export function isSyncClass(objectClass: ObjectClass): boolean {
  return objectClass.is(ObjectClass.ACCOUNT_NAME) || objectClass.is(ObjectClass.ALL_NAME);
}
