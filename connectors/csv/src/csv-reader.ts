/**
 * Streaming CSV reader: the file is decoded chunk by chunk and parsed with papaparse's parser, which stops before
 * an unfinished last row; that row is carried into the next chunk. Memory holds one chunk plus at most one
 * unfinished row, whatever the file size.
 *
 * papaparse only recognises a quoted field when the quote is the field's first character, so the seed's
 * `hr.csv` (`"firstName", "uid", …`: a space after each delimiter) would read as ` "uid"` with the quotes kept,
 * and a quoted value holding a delimiter would be split. {@link LeadingSpaceFixer} therefore drops spaces and tabs that
 * stand between a delimiter (or the start of a row) and an opening quote before papaparse sees the text. Spaces
 * after a closing quote papaparse already skips, and unquoted cells are trimmed by the connector. Blank lines (and
 * rows of empty cells) are skipped.
 *
 * @packageDocumentation
 */
import { createReadStream } from 'node:fs';
import { ConnectorException, ConnectorIOException } from '@rcskit/core';
import Papa from 'papaparse';
import type { CsvFormat } from './format.js';

/**
 * Default read size. 64 KiB keeps each decoded chunk below V8's large-object threshold, so chunks and the rows
 * parsed from them die young; larger chunks measured slower (more old-generation collection), smaller ones pay
 * more per-call overhead.
 */
const CHUNK_SIZE = 64 * 1024;

/** One row as parsed: raw cells (not trimmed), in column order. */
export type CsvRow = string[];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes spaces and tabs that stand between a delimiter (or the start of a row) and an opening quote, so that
 * papaparse sees a quoted field. Text is only scanned when a cheap regular expression finds such a spot, so files
 * without it pay almost nothing.
 *
 * The text passed to {@link fix} must start at the start of a row (outside quotes). Quote state is then tracked
 * by parity, which is exact for well-formed CSV (a doubled quote inside a field toggles twice); a stray quote
 * inside an unquoted field, which papaparse takes literally, can only stop the fix for the rest of that text.
 * Fixing already fixed text changes nothing.
 */
export class LeadingSpaceFixer {
  readonly #quote: string;
  readonly #delimiter: string;
  readonly #candidate: RegExp;
  /** Blank-then-quote pairs: when none occurs in a text, it needs no fix (a fast native search). */
  readonly #pairs: readonly string[];

  constructor(quote: string, delimiter: string) {
    this.#quote = quote;
    this.#delimiter = delimiter;
    const blanks = [' ', '\t'].filter((c) => c !== delimiter).join('');
    this.#pairs = [...blanks].map((b) => b + quote);
    this.#candidate = blanks
      ? new RegExp(`(?:^|[${escapeRegExp(delimiter)}\r\n])[${blanks}]+${escapeRegExp(quote)}`)
      : /$^/;
  }

  #isBlank(c: string | undefined): boolean {
    return (c === ' ' || c === '\t') && c !== this.#delimiter;
  }

  /** `text` without the whitespace before its opening quotes. */
  fix(text: string): string {
    if (!this.#pairs.some((pair) => text.includes(pair)) || !this.#candidate.test(text)) return text;
    const quote = this.#quote;
    let out = '';
    let from = 0;
    let inside = false;
    for (let q = text.indexOf(quote); q >= 0; q = text.indexOf(quote, q + 1)) {
      if (inside) {
        inside = false;
        continue;
      }
      inside = true;
      if (q === 0 || !this.#isBlank(text[q - 1])) continue;
      let start = q - 1;
      while (start > 0 && this.#isBlank(text[start - 1])) start--;
      const before = start === 0 ? '\n' : text[start - 1];
      if (before === this.#delimiter || before === '\n' || before === '\r') {
        out += text.slice(from, start);
        from = q;
      }
    }
    return from === 0 ? text : out + text.slice(from);
  }
}

/** The row terminator of a text: the first line break decides; undefined until one is seen. */
function detectNewline(text: string, final: boolean): '\n' | '\r\n' | '\r' | undefined {
  const at = text.search(/[\r\n]/);
  if (at < 0) return final ? '\n' : undefined;
  if (text[at] === '\n') return '\n';
  if (at + 1 < text.length) return text[at + 1] === '\n' ? '\r\n' : '\r';
  // A `\r` that ends the text: CR or CRLF is known with the next chunk.
  return final ? '\r' : undefined;
}

/** A row with no content: a blank or whitespace-only line, or only empty cells. */
function isBlankRow(row: readonly string[]): boolean {
  // Fast path: a first cell that starts with a visible character.
  const first = row[0];
  if (first !== undefined && first.length > 0 && first.charCodeAt(0) > 32) return false;
  for (const cell of row) if (cell.trim() !== '') return false;
  return true;
}

/** What a reader reports besides the rows. */
export interface CsvReadInfo {
  /** Whether the file began with a byte-order mark. */
  hadBom: boolean;
}

/** Options of {@link readCsvBatches}. */
export interface ReadCsvOptions {
  /** Filled in while reading. */
  readonly info?: CsvReadInfo;
  /** Bytes per read; default 64 KiB. */
  readonly chunkSize?: number;
}

/**
 * Reads `path` as CSV and yields its rows in batches (one batch per parsed block), the header row included as the
 * first row. Whitespace-only lines are skipped. Stopping the iteration early closes the file.
 *
 * @throws ConnectorIOException when the file cannot be read.
 * @throws ConnectorException for malformed CSV (unterminated or misplaced quotes), naming the record number.
 */
export async function* readCsvBatches(
  path: string,
  format: CsvFormat,
  options: ReadCsvOptions = {},
): AsyncGenerator<CsvRow[], void, undefined> {
  const fixer = new LeadingSpaceFixer(format.quote, format.delimiter);
  const stream = createReadStream(path, {
    encoding: format.encoding,
    highWaterMark: options.chunkSize ?? CHUNK_SIZE,
  });
  let parser: Papa.Parser | null = null;
  let partial = '';
  let started = false;
  let record = 0;
  // papaparse's own parser: with `ignoreLastRow` it stops before an unfinished last row and reports where the
  // complete rows end (meta.cursor); the rest is carried into the next chunk.
  const parse = (text: string, final: boolean): CsvRow[] => {
    if (parser === null) {
      const newline = detectNewline(text, final);
      if (newline === undefined) {
        partial = text;
        return [];
      }
      parser = new Papa.Parser({
        delimiter: format.delimiter,
        quoteChar: format.quote,
        escapeChar: format.quote,
        newline,
      });
    }
    const fixed = fixer.fix(text);
    const result = parser.parse(fixed, 0, !final) as Papa.ParseResult<string[]>;
    // An error in the unfinished last row (e.g. spaces after a closing quote at the chunk's end) is not real: that
    // row is parsed again with the next chunk.
    const error = result.errors.find((e) => final || (e.row ?? 0) < result.data.length);
    if (error) {
      const at = record + (error.row ?? 0) + 1;
      throw new ConnectorException(`Malformed CSV in '${path}' at record ${at}: ${error.message}`);
    }
    partial = final ? '' : fixed.slice(result.meta.cursor);
    const rows = result.data;
    record += rows.length;
    let blank = 0;
    for (const row of rows) if (isBlankRow(row)) blank++;
    return blank === 0 ? rows : rows.filter((row) => !isBlankRow(row));
  };
  try {
    for await (const chunk of stream) {
      let text = partial + (chunk as string);
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) {
          if (options.info) options.info.hadBom = true;
          text = text.slice(1);
        }
      }
      const rows = parse(text, false);
      if (rows.length > 0) yield rows;
    }
    if (partial.length > 0) {
      const rows = parse(partial, true);
      if (rows.length > 0) yield rows;
    }
  } catch (e) {
    if (e instanceof ConnectorException) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new ConnectorIOException(`Cannot read CSV file '${path}': ${err.message}`, { cause: e });
  } finally {
    stream.destroy();
  }
}

/**
 * Reads only the header row of `path` (stops after the first block).
 *
 * @returns the raw header cells, or null when the file has no non-blank line.
 */
export async function readCsvHeader(path: string, format: CsvFormat): Promise<CsvRow | null> {
  for await (const batch of readCsvBatches(path, format, { chunkSize: 64 * 1024 })) {
    const header = batch[0];
    if (header) return header;
  }
  return null;
}
