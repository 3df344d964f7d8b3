import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AttributeBuilder, ConnectorException, Name, Uid } from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { readCsvBatches } from '../src/csv-reader.js';
import { lockPathOf, withFileLock } from '../src/file-lock.js';
import { resolveFormat } from '../src/format.js';
import {
  ACCOUNT,
  connectorFor,
  fixtureCopy,
  NO_OPTIONS,
  recordingLogger,
  search,
  tempDir,
} from './helpers.js';
import { finished, spawnChild, writeLargeCsv } from './processes.js';

const leftovers = (file: string) =>
  readdirSync(dirname(file)).filter((n) => n.startsWith(`.${basename(file)}.`) || n.endsWith('.lock'));

async function countRows(file: string): Promise<{ rows: number; uids: Set<string> }> {
  const uids = new Set<string>();
  let rows = -1;
  for await (const batch of readCsvBatches(file, resolveFormat({}))) {
    for (const row of batch) {
      rows++;
      if (rows > 0) uids.add(row[1]!);
    }
  }
  return { rows, uids };
}

/** The pid of a process that has already exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((r) => child.on('close', r));
  return pid;
}

describe('writers in one process', () => {
  it('serialise: parallel creates through separate instances all land', async () => {
    const file = fixtureCopy('hr.csv');
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        connectorFor(file).create(ACCOUNT, [new Name(`P${i}`)], NO_OPTIONS),
      ),
    );
    expect((await search(connectorFor(file))).uids).toHaveLength(28);
    expect(leftovers(file)).toEqual([]);
  });
});

describe('writers in two processes', () => {
  it('lose nothing: 2 × N creates from two child processes are all present', async () => {
    const file = fixtureCopy('hr.csv');
    const n = 40;
    const results = await Promise.all([
      finished(spawnChild('create-rows.ts', [file, 'A', String(n)])),
      finished(spawnChild('create-rows.ts', [file, 'B', String(n)])),
    ]);
    for (const r of results) expect(r, r.out).toMatchObject({ code: 0 });
    const uids = new Set((await search(connectorFor(file))).uids);
    expect(uids.size).toBe(3 + 2 * n);
    for (let i = 0; i < n; i++) {
      expect(uids.has(`A-${i}`)).toBe(true);
      expect(uids.has(`B-${i}`)).toBe(true);
    }
    expect(leftovers(file)).toEqual([]);
  }, 30_000);
});

describe('a writer killed mid-write', () => {
  it('leaves a valid file and no lock that blocks the next writer', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    const rows = 150_000;
    await writeLargeCsv(file, rows);
    const sizeBefore = statSync(file).size;
    const child = spawnChild('rewrite.ts', [file, 'user0']);
    const done = finished(child);
    // Wait until the child is writing its temporary file, then kill it without warning.
    const deadline = Date.now() + 20_000;
    let killedMidWrite = false;
    while (Date.now() < deadline) {
      const temp = readdirSync(dir).find((n) => n.startsWith('.big.csv.') && n.endsWith('.tmp'));
      if (temp && statSync(join(dir, temp)).size > 0) {
        child.kill('SIGKILL');
        killedMidWrite = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const exit = await done;
    expect(killedMidWrite, exit.out).toBe(true);
    expect(exit.signal).toBe('SIGKILL');
    expect(existsSync(lockPathOf(file))).toBe(true); // the dead writer's lock is still there…

    // …and the file is the complete original.
    const before = await countRows(file);
    expect(before.rows).toBe(rows);
    expect(statSync(file).size).toBe(sizeBefore);

    // The next writer recovers the stale lock at once (its owner is dead) and cleans the temporary file.
    const started = Date.now();
    const connector = connectorFor(file);
    await connector.update(
      ACCOUNT,
      new Uid('user1'),
      [AttributeBuilder.build('firstName', 'Next')],
      NO_OPTIONS,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(leftovers(file)).toEqual([]);
    const after = await countRows(file);
    expect(after.rows).toBe(rows);
  }, 45_000);
});

describe('the lock file', () => {
  it('is broken at once when its owner process is dead', async () => {
    const file = fixtureCopy('hr.csv');
    writeFileSync(
      lockPathOf(file),
      JSON.stringify({ pid: await deadPid(), host: hostname(), id: 'x', since: 0 }),
    );
    const started = Date.now();
    const log = recordingLogger();
    await connectorFor(file, {}, { log }).create(ACCOUNT, [new Name('AFTER')], NO_OPTIONS);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(existsSync(lockPathOf(file))).toBe(false);
    // The takeover is logged through the connector's context logger.
    expect(log.records).toEqual([
      {
        level: 'warn',
        fields: { file, removedTemporaryFiles: 0 },
        msg: 'Took over the lock of a writer that died; the file was not changed by it',
      },
    ]);
  });

  it('is broken when it was not refreshed for staleMs (owner on another host)', async () => {
    const file = fixtureCopy('hr.csv');
    const lock = lockPathOf(file);
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'elsewhere', id: 'x', since: 0 }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    await expect(withFileLock(file, async () => 'ran')).resolves.toBe('ran');
  });

  it('makes a writer wait while it is held, and time out with a clear message', async () => {
    const file = fixtureCopy('hr.csv');
    writeFileSync(
      lockPathOf(file),
      JSON.stringify({ pid: process.pid, host: hostname(), id: 'other', since: 0 }),
    );
    await expect(withFileLock(file, async () => 'ran', { timeoutMs: 300 })).rejects.toThrow(
      ConnectorException,
    );
    await expect(withFileLock(file, async () => 'ran', { timeoutMs: 300 })).rejects.toThrow(
      new RegExp(`held by process ${process.pid}`),
    );
  });

  it('is released when the operation fails', async () => {
    const file = fixtureCopy('hr.csv');
    await expect(connectorFor(file).create(ACCOUNT, [new Name('BJENSEN')], NO_OPTIONS)).rejects.toThrow();
    expect(leftovers(file)).toEqual([]);
  });
});
