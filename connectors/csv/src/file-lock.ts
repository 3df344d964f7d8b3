/**
 * Mutual exclusion for writers of one CSV file, within a process and between processes.
 *
 * - In a process: one promise chain per absolute path, so connector instances queue without polling.
 * - Between processes: a lock file `<csvFile>.lock` created with `O_CREAT|O_EXCL` (`wx`) and holding the owner's
 *   pid, host and a random id. While held, its mtime is refreshed every few seconds.
 * - A lock is **stale** when its owner is a dead process on this host (`kill(pid, 0)` fails with ESRCH) or when
 *   its mtime was not refreshed for {@link LockOptions.staleMs} (owner on another host, pid reused, frozen).
 *   Stale locks are removed under a second, short-lived lock (`<csvFile>.lock.recover`), after checking that the
 *   lock file still holds what was judged stale, so two waiters cannot both break it and both enter.
 *
 * Readers take no lock: writers replace the file by an atomic rename, so an open reader always sees one
 * complete version.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectorException, ConnectorIOException } from '@rcskit/core';

/** Timing of {@link withFileLock}. */
export interface LockOptions {
  /** Give up waiting after this many ms (default 60 000). */
  readonly timeoutMs?: number;
  /** A lock whose mtime is older than this is stale even if its owner may be alive (default 30 000). */
  readonly staleMs?: number;
  /** Called after a stale lock was broken, still holding the new lock (e.g. to remove temporary files). */
  readonly onStaleLockRemoved?: () => Promise<void>;
}

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly id: string;
  readonly since: number;
}

const HOST = hostname();
const RECOVER_STALE_MS = 5_000;
const inProcess = new Map<string, Promise<void>>();

function parseInfo(raw: string): LockInfo | null {
  try {
    const info = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.host === 'string' && typeof info.id === 'string') {
      return info as LockInfo;
    }
  } catch {
    // Empty or torn: the owner died between creating and writing it.
  }
  return null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errnoOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** The lock file of a CSV file. */
export function lockPathOf(target: string): string {
  return `${resolve(target)}.lock`;
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  try {
    await writeFile(path, content, { flag: 'wx' });
    return true;
  } catch (e) {
    if (errnoOf(e) === 'EEXIST') return false;
    throw new ConnectorIOException(`Cannot create lock file '${path}': ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** Reads the current lock; null when it vanished meanwhile. */
async function readLock(path: string): Promise<{ raw: string; mtimeMs: number } | null> {
  try {
    const [raw, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { raw, mtimeMs: st.mtimeMs };
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    throw e;
  }
}

function isStale(lock: { raw: string; mtimeMs: number }, staleMs: number): boolean {
  const info = parseInfo(lock.raw);
  const age = Date.now() - lock.mtimeMs;
  if (!info) return age > Math.min(staleMs, RECOVER_STALE_MS);
  if (info.host === HOST && !processAlive(info.pid)) return true;
  return age > staleMs;
}

/** Removes the lock at `path` if it still holds `raw`; true when it did. */
async function breakStaleLock(path: string, raw: string): Promise<boolean> {
  const guard = `${path}.recover`;
  if (!(await tryCreate(guard, String(process.pid)))) {
    const st = await stat(guard).catch(() => null);
    // A recoverer that died leaves its guard behind; recovery itself takes milliseconds.
    if (st && Date.now() - st.mtimeMs > RECOVER_STALE_MS) await unlink(guard).catch(() => {});
    return false;
  }
  try {
    const current = await readLock(path);
    if (current === null || current.raw !== raw) return false;
    await unlink(path);
    return true;
  } finally {
    await unlink(guard).catch(() => {});
  }
}

async function acquire(path: string, options: LockOptions): Promise<{ info: LockInfo; recovered: boolean }> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const info: LockInfo = { pid: process.pid, host: HOST, id: randomUUID(), since: Date.now() };
  const content = JSON.stringify(info);
  let recovered = false;
  let delay = 2;
  for (;;) {
    if (await tryCreate(path, content)) return { info, recovered };
    const current = await readLock(path);
    if (current === null) continue;
    if (isStale(current, staleMs) && (await breakStaleLock(path, current.raw))) {
      recovered = true;
      continue;
    }
    if (Date.now() > deadline) {
      const owner = current ? parseInfo(current.raw) : null;
      throw new ConnectorException(
        `Timed out after ${timeoutMs} ms waiting for the lock '${path}'` +
          (owner ? ` held by process ${owner.pid} on ${owner.host}` : ''),
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
}

async function release(path: string, info: LockInfo): Promise<void> {
  try {
    const raw = await readFile(path, 'utf8');
    // Someone broke our lock as stale (we were frozen for staleMs): leave theirs alone.
    if (parseInfo(raw)?.id === info.id) await unlink(path);
  } catch (e) {
    if (errnoOf(e) !== 'ENOENT') throw e;
  }
}

/**
 * Runs `fn` holding the write lock of `target` (in-process queue, then the lock file).
 *
 * @throws ConnectorException when the lock is not obtained within the timeout.
 */
export async function withFileLock<T>(
  target: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const key = resolve(target);
  const previous = inProcess.get(key) ?? Promise.resolve();
  let releaseLocal!: () => void;
  const mine = new Promise<void>((r) => {
    releaseLocal = r;
  });
  const chained = previous.then(() => mine);
  inProcess.set(key, chained);
  await previous;
  try {
    const path = lockPathOf(target);
    const { info, recovered } = await acquire(path, options);
    const staleMs = options.staleMs ?? 30_000;
    const refresh = setInterval(
      () => {
        const now = new Date();
        utimes(path, now, now).catch(() => {});
      },
      Math.max(250, Math.floor(staleMs / 3)),
    );
    refresh.unref();
    try {
      if (recovered && options.onStaleLockRemoved) await options.onStaleLockRemoved();
      return await fn();
    } finally {
      clearInterval(refresh);
      await release(path, info);
    }
  } finally {
    releaseLocal();
    if (inProcess.get(key) === chained) inProcess.delete(key);
  }
}
