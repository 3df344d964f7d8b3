/**
 * A CSV file as a table: its header turned into {@link CsvColumns} and its data rows streamed in batches; and the
 * streamed, locked, atomic rewrite every write operation uses.
 *
 * @packageDocumentation
 */
import { ConfigurationException } from '@rcskit/core';
import { CsvColumns } from './columns.js';
import type { ResolvedSettings } from './configuration.js';
import { type CsvReadInfo, type CsvRow, readCsvBatches } from './csv-reader.js';
import { CsvRowSerializer, commitRewrite, openRewrite, staleLockRecovery } from './csv-writer.js';
import { withFileLock } from './file-lock.js';

/** Data rows of one parsed block. */
export interface TableBatch {
  /** The file's columns (the same object for every batch of a read). */
  readonly columns: CsvColumns;
  /** Data rows, header excluded. */
  readonly rows: readonly CsvRow[];
  /** 0-based data-row index of `rows[0]`. */
  readonly firstIndex: number;
}

/**
 * Reads `file` (by default the configured CSV file; a sync snapshot otherwise) as header plus data batches.
 *
 * @throws ConfigurationException when the file has no header or the header does not fit the configuration.
 * @throws ConnectorException for malformed CSV or a row with more cells than the header.
 */
export async function* readTable(
  settings: ResolvedSettings,
  file: string = settings.file,
  info?: CsvReadInfo,
): AsyncGenerator<TableBatch, void, undefined> {
  let columns: CsvColumns | null = null;
  let next = 0;
  for await (const batch of readCsvBatches(file, settings.format, info ? { info } : {})) {
    let rows: readonly CsvRow[] = batch;
    if (columns === null) {
      columns = CsvColumns.fromHeader(batch[0]!, settings.columns, file);
      rows = batch.slice(1);
    }
    for (let i = 0; i < rows.length; i++) columns.checkRow(rows[i]!, next + i + 1, file);
    if (rows.length > 0) {
      yield { columns, rows, firstIndex: next };
      next += rows.length;
    }
  }
  if (columns === null) throw new ConfigurationException(`CSV file '${file}' has no header line`);
}

/** Reads just the columns of the file. */
export async function readColumns(settings: ResolvedSettings): Promise<CsvColumns> {
  for await (const batch of readCsvBatches(settings.file, settings.format, { chunkSize: 64 * 1024 })) {
    if (batch[0]) return CsvColumns.fromHeader(batch[0], settings.columns, settings.file);
  }
  throw new ConfigurationException(`CSV file '${settings.file}' has no header line`);
}

/** What a rewrite does with the file's content. */
export interface RowEditor<R> {
  /** Called once with the columns, before any row (e.g. to build the row to add). */
  begin?(columns: CsvColumns): void;
  /** The row to write in place of `row` (the same array, a new one), or null to drop it. */
  row(row: CsvRow, index: number, columns: CsvColumns): CsvRow | null;
  /** Called after the last row: returns the rows to append and the operation's result. Throw to abort. */
  end(columns: CsvColumns): { append?: readonly CsvRow[]; result: R };
}

/**
 * Rewrites the CSV file under its write lock: streams the current content through `editor` into a temporary
 * file, then swaps it in atomically. Rows are re-serialised (trimmed, every non-empty field quoted, the configured
 * newline); a byte-order mark is kept. When the editor throws, the file is left untouched.
 *
 * @returns the editor's result.
 */
export async function rewriteTable<R>(settings: ResolvedSettings, editor: RowEditor<R>): Promise<R> {
  const file = settings.file;
  return withFileLock(
    file,
    async () => {
      const serializer = new CsvRowSerializer(settings.format);
      const writer = await openRewrite(file, settings.format.encoding);
      try {
        const info: CsvReadInfo = { hadBom: false };
        let columns: CsvColumns | null = null;
        const width = (row: CsvRow, n: number): string[] => {
          const out = new Array<string>(n);
          for (let i = 0; i < n; i++) out[i] = (row[i] ?? '').trim();
          return out;
        };
        const start = async (c: CsvColumns) => {
          columns = c;
          if (info.hadBom) await writer.write('\ufeff');
          await writer.write(serializer.row(c.names));
          editor.begin?.(c);
        };
        for await (const batch of readTable(settings, file, info)) {
          if (columns === null) await start(batch.columns);
          const n = batch.columns.length;
          let text = '';
          for (let i = 0; i < batch.rows.length; i++) {
            const edited = editor.row(batch.rows[i]!, batch.firstIndex + i, batch.columns);
            if (edited !== null) text += serializer.row(width(edited, n));
          }
          await writer.write(text);
        }
        if (columns === null) {
          // A file with a header but no data rows yields no batch: read the header on its own.
          await start(await readColumns(settings));
        }
        const { append = [], result } = editor.end(columns!);
        for (const row of append) await writer.write(serializer.row(width(row, columns!.length)));
        await commitRewrite(writer);
        return result;
      } catch (e) {
        await writer.abort();
        throw e;
      }
    },
    staleLockRecovery(file, settings.log),
  );
}
