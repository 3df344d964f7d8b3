/**
 * Crash-safe replacement of files. The new content goes to a temporary file in the target's directory (a fresh,
 * exclusively created name), is flushed to disk, renamed over the target, and then the directory is flushed so
 * the rename itself survives a crash. Readers therefore see the old or the new content, never a partial file; a
 * reader that opened the old file keeps reading the old content. When anything fails before the rename, the
 * temporary file is removed and the target is left as it was.
 *
 * {@link writeFileAtomic} writes whole contents (or a stream of chunks); {@link AtomicFileWriter} is the same
 * thing step by step, for writers that produce a new version while reading the old one.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Buffered text is written once it adds up to this many characters. */
const FLUSH_AT = 64 * 1024;

/** Permission bits of a new file when neither `mode` nor an existing file gives them (then reduced by the umask). */
const DEFAULT_NEW_FILE_MODE = 0o644;

/**
 * Error codes with which opening or fsyncing a directory fails where the platform or file system cannot do it
 * (Windows, some network and FUSE file systems, a directory this process may not read). The rename is still atomic
 * there; it is only not flushed.
 */
const UNSYNCABLE_DIRECTORY = new Set([
  'EISDIR',
  'EINVAL',
  'EPERM',
  'EBADF',
  'EACCES',
  'ENOTSUP',
  'EOPNOTSUPP',
]);

/** Options of {@link AtomicFileWriter.open} and {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Permission bits of the new file, set exactly (not reduced by the umask). By default the file keeps the bits
   * of the file it replaces (or of `modeFrom`); a file that did not exist gets `0o644`, reduced by the umask.
   */
  readonly mode?: number;
  /** Copy the permission bits from this file rather than from the target (when `mode` is not given). */
  readonly modeFrom?: string;
  /** Encoding of string data and chunks; default `'utf8'`. */
  readonly encoding?: BufferEncoding;
  /**
   * When the target is a symbolic link, replace the file it points at and keep the link (default false: the link
   * itself is replaced by a regular file). A link that cannot be resolved is replaced.
   */
  readonly followSymlinks?: boolean;
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions extends AtomicWriteOptions {
  /**
   * Checked once the new content is on disk, immediately before the rename: false abandons the write (the
   * target is left as it is). Lets a writer replace a file only if nobody changed it meanwhile.
   */
  readonly precondition?: () => boolean | Promise<boolean>;
}

/** One piece of new content: text (encoded with the `encoding` option) or bytes. */
export type AtomicWriteChunk = string | Uint8Array;

/** Whole new contents, or chunks of it (a generator, a readable stream, an array…). */
export type AtomicWriteData = AtomicWriteChunk | Iterable<AtomicWriteChunk> | AsyncIterable<AtomicWriteChunk>;

/**
 * Flushes a directory's entries to disk, so that a rename or deletion in it survives a crash. Does nothing where
 * directories cannot be opened or flushed (see the module notes).
 *
 * @throws Error for a real I/O failure, or when the directory does not exist.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    if (!UNSYNCABLE_DIRECTORY.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * A fresh temporary file name next to `target` (same directory, so the rename over `target` is atomic):
 * `.<name>.<pid>.<12 hex digits>.tmp`, the form {@link TEMP_NAME} recognises.
 */
function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** A temporary file name of {@link tempPathFor}; `name` is the name of the file it was to replace. */
const TEMP_NAME = /^\.(?<name>.+)\.\d+\.[0-9a-f]+\.tmp$/;

/** Options of {@link removeAtomicTempFiles}. */
export interface RemoveAtomicTempFilesOptions {
  /**
   * Also remove the temporary files of files whose name is the target's followed by a dot and more (files derived
   * from it, such as `users.csv.sync.17` next to `users.csv`). Default false.
   */
  readonly derived?: boolean;
}

/**
 * Deletes the temporary files that atomic writers of `target` left behind when their process was killed. Only
 * call it when no writer of `target` can be running (e.g. while holding the file's lock): it would delete a live
 * writer's file too.
 *
 * @returns how many files were removed.
 */
export async function removeAtomicTempFiles(
  target: string,
  options: RemoveAtomicTempFilesOptions = {},
): Promise<number> {
  const dir = dirname(target);
  const base = basename(target);
  let removed = 0;
  for (const entry of await readdir(dir)) {
    const name = TEMP_NAME.exec(entry)?.groups?.name;
    if (name === undefined || (name !== base && !(options.derived && name.startsWith(`${base}.`)))) continue;
    try {
      await rm(join(dir, entry));
      removed++;
    } catch {
      // Gone already, or not ours to remove: nothing to do.
    }
  }
  return removed;
}

/** The permission bits of the new file, and whether they must be set exactly (rather than through the umask). */
async function modeOf(
  target: string,
  options: AtomicWriteOptions,
): Promise<{ bits: number; exact: boolean }> {
  if (options.mode !== undefined) {
    if (!Number.isInteger(options.mode) || options.mode < 0 || options.mode > 0o7777) {
      throw new RangeError('mode must be an integer from 0 to 0o7777');
    }
    return { bits: options.mode, exact: true };
  }
  try {
    return { bits: (await stat(options.modeFrom ?? target)).mode & 0o7777, exact: true };
  } catch {
    return { bits: DEFAULT_NEW_FILE_MODE, exact: false };
  }
}

/** Writes all of `bytes` at the handle's position. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
    offset += bytesWritten;
  }
}

function checkChunk(chunk: unknown): asserts chunk is AtomicWriteChunk {
  if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
    throw new TypeError('Atomic file data must be strings or Uint8Arrays');
  }
}

/**
 * A new version of a file, written to a temporary file beside it ({@link tempPath}) and swapped in by
 * {@link commit}; {@link abort} drops it. Text is buffered and written in blocks of about 64 KiB.
 *
 * Calls must not overlap: await each {@link write} before the next one and before {@link commit}. Whatever
 * happens, call {@link commit} or {@link abort} exactly once in the end (abort may be called again, and after
 * commit, harmlessly), or the temporary file stays behind.
 *
 * @example
 * ```ts
 * const writer = await AtomicFileWriter.open('/data/users.csv');
 * try {
 *   for (const line of lines) await writer.write(line);
 *   await writer.commit();
 * } catch (error) {
 *   await writer.abort();
 *   throw error;
 * }
 * ```
 */
export class AtomicFileWriter {
  /** The file that {@link commit} replaces (the file a symbolic link points at with `followSymlinks`). */
  readonly target: string;
  /**
   * The temporary file the new content is written to. It may also be filled by other means than {@link write}
   * (e.g. `fs.copyFile`), as long as the file is written in place and not replaced: {@link commit} flushes it
   * through the writer's own descriptor.
   */
  readonly tempPath: string;
  readonly #encoding: BufferEncoding;
  #handle: FileHandle | null;
  #pending: string[] = [];
  #pendingSize = 0;
  #state: 'open' | 'committing' | 'committed' | 'aborted' = 'open';

  private constructor(target: string, tempPath: string, handle: FileHandle, encoding: BufferEncoding) {
    this.target = target;
    this.tempPath = tempPath;
    this.#handle = handle;
    this.#encoding = encoding;
  }

  /**
   * Creates the temporary file next to `path`, with the permission bits the options give (see
   * {@link AtomicWriteOptions.mode}).
   *
   * @throws Error when the directory does not exist or is not writable (nothing is left behind then).
   */
  static async open(path: string, options: AtomicWriteOptions = {}): Promise<AtomicFileWriter> {
    // A caller of an older `(path, data, mode)` signature would otherwise get default permissions silently.
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('The options of an atomic write must be an object, such as { mode: 0o600 }');
    }
    const target = options.followSymlinks ? await realpath(path).catch(() => path) : path;
    const mode = await modeOf(target, options);
    const tempPath = tempPathFor(target);
    const handle = await open(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode.bits);
    try {
      // The umask may have cleared bits of the requested mode; it never adds any, so this only widens up to it.
      if (mode.exact && ((await handle.stat()).mode & 0o7777) !== mode.bits) await handle.chmod(mode.bits);
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(tempPath, { force: true }).catch(() => {});
      throw error;
    }
    return new AtomicFileWriter(target, tempPath, handle, options.encoding ?? 'utf8');
  }

  /**
   * Appends a chunk of the new content. Strings are encoded with the `encoding` option and buffered: they reach
   * the temporary file in blocks, at the latest on {@link commit}. Bytes are written at once (after any buffered
   * text), so the array may be reused when the call has resolved.
   *
   * @throws Error when the writer was committed or aborted, or writing fails.
   */
  async write(chunk: AtomicWriteChunk): Promise<void> {
    checkChunk(chunk);
    if (this.#state !== 'open')
      throw new Error(`Cannot write: the atomic write of ${this.target} is finished`);
    if (typeof chunk !== 'string') return this.#flush(chunk);
    this.#pending.push(chunk);
    this.#pendingSize += chunk.length;
    if (this.#pendingSize >= FLUSH_AT) await this.#flush(undefined, true);
  }

  /**
   * Writes the buffered text (encoded in one piece, so a character split between two chunks stays whole), then
   * `bytes`. With `holdSurrogate`, a high surrogate at the very end stays buffered: its low half may be the first
   * character of the next chunk.
   */
  async #flush(bytes?: Uint8Array, holdSurrogate = false): Promise<void> {
    const handle = this.#handle;
    if (handle === null) return;
    if (this.#pending.length > 0) {
      let text = this.#pending.join('');
      let held = '';
      const last = text.charCodeAt(text.length - 1);
      if (holdSurrogate && last >= 0xd800 && last <= 0xdbff) {
        held = text.slice(-1);
        text = text.slice(0, -1);
      }
      this.#pending = held === '' ? [] : [held];
      this.#pendingSize = held.length;
      if (text.length > 0) await writeAll(handle, Buffer.from(text, this.#encoding));
    }
    if (bytes !== undefined) await writeAll(handle, bytes);
  }

  /**
   * Writes what is buffered, flushes and closes the temporary file, renames it over the target and flushes the
   * directory. When any step before the rename fails, or `precondition` returns false, the temporary file is
   * removed and the target stays as it was.
   *
   * @param precondition checked immediately before the rename; false abandons the write.
   * @returns true when the target was replaced, false when `precondition` abandoned the write.
   * @throws Error when the writer was already committed or aborted, or a step fails. A failure to flush the
   *   directory is reported too, although the target has then been replaced already.
   */
  async commit(precondition?: () => boolean | Promise<boolean>): Promise<boolean> {
    if (this.#state !== 'open')
      throw new Error(`Cannot commit: the atomic write of ${this.target} is finished`);
    this.#state = 'committing';
    try {
      await this.#flush();
      const handle = this.#handle!;
      await handle.sync();
      this.#handle = null;
      await handle.close();
      if (precondition !== undefined && !(await precondition())) {
        await this.abort();
        return false;
      }
      await rename(this.tempPath, this.target);
    } catch (error) {
      await this.abort();
      throw error;
    }
    this.#state = 'committed';
    await fsyncDirectory(dirname(this.target));
    return true;
  }

  /**
   * Drops the new version: closes and deletes the temporary file; the target is not touched. Does nothing once
   * the writer is committed or aborted.
   */
  async abort(): Promise<void> {
    if (this.#state === 'committed' || this.#state === 'aborted') return;
    this.#state = 'aborted';
    this.#pending = [];
    this.#pendingSize = 0;
    const handle = this.#handle;
    this.#handle = null;
    await handle?.close().catch(() => {});
    await rm(this.tempPath, { force: true }).catch(() => {});
  }
}

/**
 * Replaces (or creates) the file at `path` with `data`, atomically: see the module notes. When `data` is an
 * iterable that throws, or any step before the rename fails, the target is left as it was and no temporary file
 * remains.
 *
 * @param path the file to write; its directory must exist.
 * @param data the whole content, or its chunks (e.g. an async generator or a `fs.ReadStream`).
 * @param options permission bits, encoding, symbolic links and a precondition (see {@link WriteFileAtomicOptions}).
 * @returns true when the file was written, false when `options.precondition` abandoned the write.
 */
export async function writeFileAtomic(
  path: string,
  data: AtomicWriteData,
  options: WriteFileAtomicOptions = {},
): Promise<boolean> {
  const writer = await AtomicFileWriter.open(path, options);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await writer.write(data);
    else for await (const chunk of data) await writer.write(chunk);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.commit(options.precondition);
}
