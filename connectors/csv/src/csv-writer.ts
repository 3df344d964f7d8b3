/**
 * Writing: row serialisation (every non-empty field quoted, as the Java connector's always-quote mode does) and
 * the atomic replacement of a file: write a temporary file in the same directory, fsync it, rename it over the
 * target, fsync the directory. A reader that opened the old file keeps reading the old content; a crash at any
 * point leaves either the old or the new file, never a mix.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConnectorIOException } from '@rcskit/core';
import type { CsvFormat } from './format.js';

/** Turns cells into CSV text. */
export class CsvRowSerializer {
  readonly #quote: string;
  readonly #doubled: string;
  readonly #delimiter: string;
  readonly #newline: string;

  constructor(format: CsvFormat) {
    this.#quote = format.quote;
    this.#doubled = format.quote + format.quote;
    this.#delimiter = format.delimiter;
    this.#newline = format.newline;
  }

  /** One row with its line terminator. Empty (or null) cells are written as nothing, all others quoted. */
  row(cells: readonly (string | null | undefined)[]): string {
    let out = '';
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) out += this.#delimiter;
      const cell = cells[i];
      if (cell === null || cell === undefined || cell === '') continue;
      out += this.#quote + cell.replaceAll(this.#quote, this.#doubled) + this.#quote;
    }
    return out + this.#newline;
  }
}

/** Flush the write buffer at this many characters: keeps memory flat and syscalls few. */
const FLUSH_AT = 64 * 1024;

/** The prefix of temporary files next to `target`; anything starting with it belongs to a writer of `target`. */
export function tempPrefix(target: string): string {
  return `.${basename(target)}.`;
}

const TEMP_SUFFIX = '.tmp';

/** A fresh temporary file name next to `target` (same directory, so a rename over `target` is atomic). */
export function tempPathFor(target: string): string {
  return join(
    dirname(target),
    `${tempPrefix(target)}${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
}

/**
 * Deletes temporary files a killed writer left next to `target`. Only call it while holding the file's lock:
 * then no live writer can own one.
 *
 * @returns how many files were removed.
 */
export async function removeStaleTempFiles(target: string): Promise<number> {
  const dir = dirname(target);
  const prefix = tempPrefix(target);
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    try {
      await unlink(join(dir, name));
      removed++;
    } catch {
      // Already gone: fine.
    }
  }
  return removed;
}

/** Fsyncs a file's contents (a copy made with `copyFile` is not yet durable). */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Fsyncs a directory so that a rename in it is durable. Some platforms cannot open directories: ignored there. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    await handle?.close();
  }
}

/**
 * A new version of a file, written to a temporary file beside it and swapped in by {@link commit}. Text is
 * buffered and encoded in large blocks. Call {@link abort} when the new version must not replace the file.
 */
export class AtomicFileWriter {
  readonly target: string;
  readonly tempPath: string;
  readonly #encoding: BufferEncoding;
  #handle: FileHandle | null;
  #pending: string[] = [];
  #pendingLength = 0;
  #done = false;

  private constructor(target: string, tempPath: string, handle: FileHandle, encoding: BufferEncoding) {
    this.target = target;
    this.tempPath = tempPath;
    this.#handle = handle;
    this.#encoding = encoding;
  }

  /**
   * Creates the temporary file next to `target` (exclusively, with the permission bits of `modeFrom`, by default
   * the target itself, when that file exists).
   *
   * @throws ConnectorIOException when the directory is not writable.
   */
  static async create(
    target: string,
    encoding: BufferEncoding,
    modeFrom = target,
  ): Promise<AtomicFileWriter> {
    const tempPath = tempPathFor(target);
    let mode = 0o644;
    try {
      mode = (await stat(modeFrom)).mode & 0o7777;
    } catch {
      // New file: default mode.
    }
    try {
      const handle = await open(tempPath, 'wx', mode);
      return new AtomicFileWriter(target, tempPath, handle, encoding);
    } catch (e) {
      throw new ConnectorIOException(
        `Cannot create a temporary file next to '${target}': ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  /** Appends text; written to disk in blocks. */
  async write(text: string): Promise<void> {
    this.#pending.push(text);
    this.#pendingLength += text.length;
    if (this.#pendingLength >= FLUSH_AT) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#pendingLength === 0 || !this.#handle) return;
    const buffer = Buffer.from(this.#pending.join(''), this.#encoding);
    this.#pending = [];
    this.#pendingLength = 0;
    await this.#handle.write(buffer);
  }

  /**
   * Flushes, fsyncs and closes the temporary file, renames it over the target and fsyncs the directory.
   *
   * @throws ConnectorIOException when any step fails (the temporary file is then removed).
   */
  async commit(): Promise<void> {
    if (this.#done) throw new ConnectorIOException('Write already finished');
    try {
      await this.#flush();
      await this.#handle!.sync();
      await this.#handle!.close();
      this.#handle = null;
      await rename(this.tempPath, this.target);
      this.#done = true;
      await syncDirectory(dirname(this.target));
    } catch (e) {
      if (!this.#done) await this.abort();
      throw new ConnectorIOException(`Cannot replace '${this.target}': ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  /** Drops the new version: closes and deletes the temporary file. Safe to call more than once. */
  async abort(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#pending = [];
    try {
      await this.#handle?.close();
    } catch {
      // Closing a broken handle: nothing more to do.
    }
    this.#handle = null;
    try {
      await unlink(this.tempPath);
    } catch {
      // Already gone.
    }
  }
}
