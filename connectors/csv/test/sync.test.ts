import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import {
  AttributeBuilder,
  collectSyncDeltas,
  GuardedString,
  IllegalArgumentException,
  JavaLong,
  Name,
  ObjectClass,
  SyncToken,
  syncResultsHandler,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import type { CsvFileConnector } from '../src/index.js';
import { listSnapshots, snapshotPath } from '../src/sync.js';
import { ACCOUNT, attrValue, connectorFor, fixtureCopy, NO_OPTIONS, recordingLogger } from './helpers.js';

async function sync(connector: CsvFileConnector, token: SyncToken | null, objectClass = ACCOUNT) {
  const handler = collectSyncDeltas();
  await connector.sync(objectClass, token, handler, NO_OPTIONS);
  return {
    token: handler.token!,
    deltas: handler.deltas.map((d) => `${d.deltaType} ${d.uid.uidValue}`),
    raw: handler.deltas,
  };
}

const snapshots = (file: string) =>
  readdirSync(dirname(file)).filter((n) => n.startsWith(`${basename(file)}.sync.`));

describe('sync', () => {
  it('getLatestSyncToken snapshots the file and returns a Long token', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const token = await connector.getLatestSyncToken(ACCOUNT);
    expect(token.value).toBeInstanceOf(JavaLong);
    const value = (token.value as JavaLong).value;
    expect(existsSync(snapshotPath(file, value))).toBe(true);
    expect(await sync(connector, token)).toMatchObject({ deltas: [], token });
  });

  it('reports exactly the created, updated and deleted rows, and nothing for unchanged rows', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const start = await connector.getLatestSyncToken(ACCOUNT);
    await connector.create(
      ACCOUNT,
      [new Name('NEW1'), AttributeBuilder.build('firstName', 'Nia')],
      NO_OPTIONS,
    );
    await connector.update(
      ACCOUNT,
      new Uid('JSANCHEZ'),
      [AttributeBuilder.build('email', 'jane@example.com')],
      NO_OPTIONS,
    );
    await connector.delete(ACCOUNT, new Uid('SCARTER'), NO_OPTIONS);
    const first = await sync(connector, start);
    expect(first.deltas).toEqual(['UPDATE JSANCHEZ', 'CREATE NEW1', 'DELETE SCARTER']);
    // Every delta carries the token the sync started from; the result token is a new one.
    for (const delta of first.raw) expect(delta.token).toEqual(start);
    expect((first.token.value as JavaLong).value).toBeGreaterThan((start.value as JavaLong).value);
    expect(attrValue(first.raw[0]!.object!, 'email')).toBe('jane@example.com');
    expect(first.raw[2]!.object?.name.nameValue).toBe('SCARTER');
    // Nothing changed since: no deltas, same token.
    const second = await sync(connector, first.token);
    expect(second.deltas).toEqual([]);
    expect(second.token).toEqual(first.token);
  });

  it('sees changes made by other tools (a file rewritten in place)', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const start = await connector.getLatestSyncToken(ACCOUNT);
    writeFileSync(
      file,
      '"uid","firstName","lastName","email","employeeNumber"\n' +
        '"BJENSEN","Barbara","Jensen","bjensen@example.com","123456"\n' +
        '"JSANCHEZ","Jane","Sanchez","jsanchez@example.com","999999"\n',
    );
    // Columns reordered: not a change; JSANCHEZ's number changed; SCARTER gone.
    expect((await sync(connector, start)).deltas).toEqual(['UPDATE JSANCHEZ', 'DELETE SCARTER']);
  });

  it('starts with a snapshot and no deltas for a null token, also for __ALL__', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const first = await sync(connector, null, ObjectClass.ALL);
    expect(first.deltas).toEqual([]);
    expect(first.token.value).toBeInstanceOf(JavaLong);
    await connector.delete(ACCOUNT, new Uid('BJENSEN'), NO_OPTIONS);
    const next = await sync(connector, first.token, ObjectClass.ALL);
    expect(next.deltas).toEqual(['DELETE BJENSEN']);
    expect(next.raw[0]!.objectClass).toEqual(ACCOUNT);
  });

  it('keeps only syncFileRetentionCount snapshots', async () => {
    const file = fixtureCopy('hr.csv');
    const log = recordingLogger();
    const connector = connectorFor(file, { syncFileRetentionCount: 2 }, { log });
    let token = await connector.getLatestSyncToken(ACCOUNT);
    for (let i = 0; i < 4; i++) {
      await connector.create(ACCOUNT, [new Name(`R${i}`)], NO_OPTIONS);
      const result = await sync(connector, token);
      expect(result.deltas).toEqual([`CREATE R${i}`]);
      token = result.token;
    }
    expect(snapshots(file)).toHaveLength(2);
    const tokens = await listSnapshots(file);
    expect(tokens.at(-1)).toBe((token.value as JavaLong).value);
    for (let i = 0; i < 3; i++) await connector.getLatestSyncToken(ACCOUNT);
    expect(snapshots(file)).toHaveLength(2);
    // Pruning is logged at debug only.
    expect(log.records.length).toBeGreaterThan(0);
    expect(log.records.every((r) => r.level === 'debug' && r.msg === 'Pruned sync snapshots')).toBe(true);
    expect(log.records[0]?.fields).toMatchObject({ file, kept: 2 });
  });

  it('reports every row as CREATE_OR_UPDATE when the token snapshot is gone', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const start = await connector.getLatestSyncToken(ACCOUNT);
    rmSync(snapshotPath(file, (start.value as JavaLong).value));
    const result = await sync(connector, start);
    expect(result.deltas).toEqual([
      'CREATE_OR_UPDATE BJENSEN',
      'CREATE_OR_UPDATE JSANCHEZ',
      'CREATE_OR_UPDATE SCARTER',
    ]);
    expect(result.token).not.toEqual(start);
    expect((await sync(connector, result.token)).deltas).toEqual([]);
  });

  it('keeps the old token when the handler stops early (the next sync repeats the changes)', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const start = await connector.getLatestSyncToken(ACCOUNT);
    await connector.delete(ACCOUNT, new Uid('BJENSEN'), NO_OPTIONS);
    await connector.delete(ACCOUNT, new Uid('SCARTER'), NO_OPTIONS);
    let final: SyncToken | null = null;
    const seen: string[] = [];
    await connector.sync(
      ACCOUNT,
      start,
      syncResultsHandler(
        (delta) => {
          seen.push(delta.uid.uidValue);
          return false;
        },
        (t) => {
          final = t;
        },
      ),
      NO_OPTIONS,
    );
    expect(seen).toEqual(['BJENSEN']);
    expect(final).toEqual(start);
    expect(snapshots(file)).toHaveLength(1);
    expect((await sync(connector, start)).deltas).toEqual(['DELETE BJENSEN', 'DELETE SCARTER']);
  });

  it('accepts tokens stored as strings and rejects other classes and bad tokens', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const start = await connector.getLatestSyncToken(ACCOUNT);
    const asText = new SyncToken(String((start.value as JavaLong).value));
    expect((await sync(connector, asText)).deltas).toEqual([]);
    await expect(sync(connector, new SyncToken('yesterday'))).rejects.toThrow(IllegalArgumentException);
    await expect(connector.getLatestSyncToken(ObjectClass.GROUP)).rejects.toThrow(
      'Operation requires ObjectClass __ACCOUNT__, received __GROUP__',
    );
  });
});

describe('sync snapshots and secrets', () => {
  it('never copy the password column, and password-only changes are not deltas', async () => {
    const file = fixtureCopy('accounts-with-passwords.csv');
    const connector = connectorFor(file);
    const start = await connector.getLatestSyncToken(ACCOUNT);
    const snapshot = readFileSync(snapshotPath(file, (start.value as JavaLong).value), 'utf8');
    expect(snapshot).not.toContain('Passw0rd!');
    expect(snapshot).not.toContain('password');
    expect(snapshot.split('\n')[0]).toBe('"uid","firstName","lastName","email","roles","employeeNumber"');
    await connector.update(
      ACCOUNT,
      new Uid('JSANCHEZ'),
      [AttributeBuilder.buildPassword(new GuardedString('changed'))],
      NO_OPTIONS,
    );
    await connector.update(ACCOUNT, new Uid('BJENSEN'), [AttributeBuilder.build('email', 'b@x')], NO_OPTIONS);
    expect((await sync(connector, start)).deltas).toEqual(['UPDATE BJENSEN']);
  });
});
