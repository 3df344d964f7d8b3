/**
 * Crash-safe file writes: the data goes to a temporary file in the same directory, which is flushed to disk,
 * renamed over the target, and then the directory itself is flushed so the rename survives a crash. Readers
 * therefore see either the old or the new content, never a partial file.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Flushes a directory's entries (a no-op where directories cannot be opened, e.g. on Windows). */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Not supported on this platform/file system: the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * Checked after the data is on disk, immediately before the rename: false abandons the write (the target is
   * left as it is). Lets a writer replace a file only if nobody changed it meanwhile.
   */
  readonly precondition?: () => Promise<boolean>;
}

/**
 * Writes `data` to `path` atomically (temporary file + fsync + rename + directory fsync).
 *
 * @param mode permission bits of the new file (default 0o600: configuration may hold secrets).
 * @returns false when `options.precondition` abandoned the write, true otherwise.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = 0o600,
  options: WriteFileAtomicOptions = {},
): Promise<boolean> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.precondition !== undefined && !(await options.precondition())) {
      await rm(temp, { force: true });
      return false;
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
  return true;
}

/** JSON text as rcskit writes its files: two-space indentation and a final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
