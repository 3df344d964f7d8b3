/**
 * Writing: row serialisation (every non-empty field quoted, as the Java connector's always-quote mode does) and
 * the atomic replacement of a file with `@rcskit/core`'s {@link AtomicFileWriter}: write a temporary file in the
 * same directory, fsync it, rename it over the target, fsync the directory. A reader that opened the old file
 * keeps reading the old content; a crash at any point leaves either the old or the new file, never a mix. Errors
 * are reported as `ConnectorIOException`s here.
 *
 * @packageDocumentation
 */
import {
  AtomicFileWriter,
  ConnectorIOException,
  type ConnectorLogger,
  removeAtomicTempFiles,
} from '@rcskit/core';
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

/**
 * Starts a new version of `target`: `@rcskit/core`'s {@link AtomicFileWriter}, whose temporary file lies beside
 * the target and gets the permission bits of `modeFrom` (by default the target itself) when that file exists.
 * End it with {@link commitRewrite} or `abort()`.
 *
 * @throws ConnectorIOException when the temporary file cannot be created (e.g. the directory is not writable).
 */
export async function openRewrite(
  target: string,
  encoding: BufferEncoding,
  modeFrom = target,
): Promise<AtomicFileWriter> {
  try {
    return await AtomicFileWriter.open(target, { encoding, modeFrom });
  } catch (e) {
    throw new ConnectorIOException(
      `Cannot create a temporary file next to '${target}': ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/**
 * Swaps the new version in: flushes, fsyncs and closes the temporary file, renames it over the target and fsyncs
 * the directory.
 *
 * @throws ConnectorIOException when any step fails (the temporary file is then removed).
 */
export async function commitRewrite(writer: AtomicFileWriter): Promise<void> {
  try {
    await writer.commit();
  } catch (e) {
    throw new ConnectorIOException(`Cannot replace '${writer.target}': ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/**
 * Deletes the temporary files killed writers left next to `target`, its sync snapshots' included. Only call it
 * while holding the file's lock: then no live writer can own one.
 *
 * @returns how many files were removed.
 */
export function removeStaleTempFiles(target: string): Promise<number> {
  return removeAtomicTempFiles(target, { derived: true });
}

/**
 * Lock options that clean up after a writer that died holding the lock of `file`: its temporary files are removed,
 * and the takeover is logged (at warn: a writer was killed mid-way, although nothing was lost).
 */
export function staleLockRecovery(file: string, log: ConnectorLogger) {
  return {
    onStaleLockRemoved: async (): Promise<void> => {
      const removed = await removeStaleTempFiles(file);
      log.warn(
        { file, removedTemporaryFiles: removed },
        'Took over the lock of a writer that died; the file was not changed by it',
      );
    },
  };
}
