/**
 * Search: streams the file row by row, filters raw rows with the compiled native query, and pages, sorts and
 * counts as the operation options ask.
 *
 * - **Without sort keys** the search stays streaming: rows are handed over as they are read, and reading stops
 *   as soon as the page is full and one more match proves there is a next page (unless a total count is asked
 *   for, which needs the whole file).
 * - **With sort keys** the matching rows must be compared, so they are kept in memory; when paging, only the best
 *   `offset + pageSize + 1` are kept (the buffer is trimmed whenever it doubles), so memory follows the page, not
 *   the file.
 * - **Cookies** are opaque (base64url JSON). Unsorted: the uid and data-row index of the last row returned; the
 *   next page starts after that uid (or, if it was deleted meanwhile, after that index), so rows created or
 *   deleted between pages do not shift it. Sorted: the sort values and uid of the last row returned (keyset
 *   paging). A cookie is null on the last page and whenever paging is off.
 * - **Counts**: with `TOTAL_PAGED_RESULTS_POLICY` ESTIMATE or EXACT the total is the exact number of **matching**
 *   rows (reported as EXACT) and `remainingPagedResults` the matches after this page. The Java connector counted
 *   every line of the file instead, so filtered totals were wrong.
 * - `PAGED_RESULTS_OFFSET` is the number of matching rows to skip (IDM sends 0-based offsets); ignored when a
 *   cookie is given.
 *
 * @packageDocumentation
 */
import {
  ConnectorException,
  type ConnectorObject,
  IllegalArgumentException,
  type OperationOptions,
  SearchResult,
  type SearchResultsHandler,
  type SortKey,
} from '@rcskit/core';
import type { CsvColumns } from './columns.js';
import type { ResolvedSettings } from './configuration.js';
import type { CsvRow } from './csv-reader.js';
import { type CsvQuery, compileQuery } from './query.js';
import { readColumns, readTable } from './table.js';

interface RowCookie {
  readonly u: string;
  readonly i: number;
}

interface SortedCookie {
  readonly u: string;
  readonly k: readonly string[];
  readonly s: string;
}

function invalidCookie(): never {
  throw new ConnectorException('PagedResultsCookie is invalid');
}

function encodeCookie(cookie: RowCookie | SortedCookie): string {
  return Buffer.from(JSON.stringify(cookie), 'utf8').toString('base64url');
}

function decodeCookie(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Falls through to the error below.
  }
  return invalidCookie();
}

function rowCookie(text: string): RowCookie {
  const c = decodeCookie(text);
  if (typeof c.u !== 'string' || typeof c.i !== 'number' || !Number.isInteger(c.i) || 'k' in c) {
    invalidCookie();
  }
  return { u: c.u, i: c.i };
}

function sortedCookie(text: string, signature: string): SortedCookie {
  const c = decodeCookie(text);
  if (
    typeof c.u !== 'string' ||
    c.s !== signature ||
    !Array.isArray(c.k) ||
    !c.k.every((v): v is string => typeof v === 'string')
  ) {
    invalidCookie();
  }
  return { u: c.u, k: c.k as string[], s: signature };
}

/**
 * Hands one object to the handler. Returns the handler's answer as is, so that the caller awaits only handlers
 * that really are asynchronous: a microtask per row would cost more than building the row's object.
 */
function deliver(handler: SearchResultsHandler, object: ConnectorObject): boolean | Promise<boolean> {
  const r = handler.handle(object);
  return r instanceof Promise ? r.then((v) => v !== false) : r !== false;
}

/** A sort key resolved to a column. */
interface ResolvedSortKey {
  readonly column: number;
  readonly ascending: boolean;
}

function resolveSortKeys(keys: readonly SortKey[], columns: CsvColumns): ResolvedSortKey[] {
  return keys.map((key) => {
    // IDM passes its own field names; `_id` is its name for the uid.
    const column = key.field === '_id' ? columns.uid : columns.columnOf(key.field);
    if (column < 0 || column === columns.password) {
      throw new IllegalArgumentException(`Cannot sort by '${key.field}': it is not a readable column`);
    }
    return { column, ascending: key.isAscendingOrder };
  });
}

/** Empty values sort after every value in ascending order (and first in descending order). */
function compareCells(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  return a < b ? -1 : 1;
}

interface Entry {
  readonly row: CsvRow;
  readonly index: number;
  readonly uid: string;
  readonly keys: readonly string[];
}

function entryComparator(keys: readonly ResolvedSortKey[]) {
  return (
    a: { keys: readonly string[]; uid: string },
    b: { keys: readonly string[]; uid: string },
  ): number => {
    for (let j = 0; j < keys.length; j++) {
      const c = compareCells(a.keys[j]!, b.keys[j]!);
      if (c !== 0) return keys[j]!.ascending ? c : -c;
    }
    return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
  };
}

/** Paging options as this connector reads them. */
interface Paging {
  readonly pageSize: number;
  readonly offset: number;
  readonly cookie: string | null;
  readonly counting: boolean;
}

function pagingOf(options: OperationOptions): Paging {
  const cookie = options.pagedResultsCookie;
  const pageSize = Math.max(0, options.pageSize ?? 0);
  const offset = cookie === null ? Math.max(0, options.pagedResultsOffset ?? 0) : 0;
  return { pageSize, offset, cookie, counting: options.totalPagedResultsPolicy !== 'NONE' };
}

/**
 * Runs one search over the configured file.
 *
 * @throws ConnectorException "PagedResultsCookie is invalid" for a cookie this connector did not make (or made for
 *   other sort keys).
 * @throws IllegalArgumentException for a sort key that is not a column.
 */
export async function executeSearch(
  settings: ResolvedSettings,
  query: CsvQuery | null,
  handler: SearchResultsHandler,
  options: OperationOptions,
): Promise<void> {
  const sortKeys = options.sortKeys ?? [];
  const result =
    sortKeys.length > 0
      ? await sortedSearch(settings, query, handler, options, sortKeys)
      : await streamingSearch(settings, query, handler, options);
  await handler.handleResult(result);
}

async function streamingSearch(
  settings: ResolvedSettings,
  query: CsvQuery | null,
  handler: SearchResultsHandler,
  options: OperationOptions,
): Promise<SearchResult> {
  const { pageSize, offset, cookie, counting } = pagingOf(options);
  const resume = cookie === null ? null : rowCookie(cookie);
  const file = settings.file;
  let resumed = resume === null;
  let total = 0;
  let skipped = 0;
  let returned = 0;
  let after = 0;
  let last: RowCookie | null = null;
  let stopped = false;
  let complete = true;
  let compiledFor: CsvColumns | null = null;
  let matches: (row: readonly string[]) => boolean = () => true;
  let select: ReturnType<CsvColumns['selection']>;
  scan: for await (const { columns, rows, firstIndex } of readTable(settings)) {
    if (compiledFor !== columns) {
      compiledFor = columns;
      matches = compileQuery(query, columns) ?? matches;
      select = columns.selection(options.attributesToGet);
    }
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const index = firstIndex + r;
      if (!resumed) {
        if (index > resume!.i) {
          resumed = true;
        } else {
          if (counting && matches(row)) total++;
          if (columns.cell(row, columns.uid) === resume!.u) resumed = true;
          continue;
        }
      }
      if (!matches(row)) continue;
      total++;
      if (skipped < offset) {
        skipped++;
        continue;
      }
      if (pageSize > 0 && returned >= pageSize) {
        after++;
        if (counting) continue;
        complete = false;
        break scan;
      }
      const object = columns.toObject(row, index + 1, file, select);
      returned++;
      last = { u: object.uid.uidValue, i: index };
      const more = deliver(handler, object);
      if (!(more instanceof Promise ? await more : more)) {
        stopped = true;
        break scan;
      }
    }
  }
  const more = after > 0 || stopped;
  const nextCookie = pageSize > 0 && more && last !== null ? encodeCookie(last) : null;
  // Stopped by the handler: the rest of the file was not read, so nothing is known about it.
  if (stopped) return new SearchResult(nextCookie, 'NONE', -1, -1);
  return new SearchResult(
    nextCookie,
    counting ? 'EXACT' : 'NONE',
    counting ? total : -1,
    counting || complete ? after : -1,
  );
}

async function sortedSearch(
  settings: ResolvedSettings,
  query: CsvQuery | null,
  handler: SearchResultsHandler,
  options: OperationOptions,
  sortKeys: readonly SortKey[],
): Promise<SearchResult> {
  const { pageSize, offset, cookie, counting } = pagingOf(options);
  const signature = sortKeys.map(String).join(',');
  const resume = cookie === null ? null : sortedCookie(cookie, signature);
  const limit = pageSize > 0 ? offset + pageSize + 1 : Number.POSITIVE_INFINITY;
  let buffer: Entry[] = [];
  let total = 0;
  let before = 0;
  let columns: CsvColumns | null = null;
  let keys: ResolvedSortKey[] = [];
  let compare = entryComparator(keys);
  let matches: (row: readonly string[]) => boolean = () => true;
  for await (const batch of readTable(settings)) {
    if (columns === null) {
      columns = batch.columns;
      keys = resolveSortKeys(sortKeys, columns);
      compare = entryComparator(keys);
      matches = compileQuery(query, columns) ?? matches;
    }
    for (let r = 0; r < batch.rows.length; r++) {
      const row = batch.rows[r]!;
      if (!matches(row)) continue;
      total++;
      const entry: Entry = {
        row,
        index: batch.firstIndex + r,
        uid: batch.columns.uidOf(row, batch.firstIndex + r + 1, settings.file),
        keys: keys.map((k) => batch.columns.cell(row, k.column)),
      };
      if (resume !== null && compare(entry, { keys: resume.k, uid: resume.u }) <= 0) {
        before++;
        continue;
      }
      buffer.push(entry);
      if (buffer.length >= 2 * limit) buffer = buffer.sort(compare).slice(0, limit);
    }
  }
  if (columns === null) {
    // No data rows: still reject unknown sort keys, as a non-empty file would.
    resolveSortKeys(sortKeys, await readColumns(settings));
    return new SearchResult(null, counting ? 'EXACT' : 'NONE', counting ? 0 : -1, 0);
  }
  buffer.sort(compare);
  const end = pageSize > 0 ? offset + pageSize : buffer.length;
  const page = buffer.slice(offset, end);
  const select = columns.selection(options.attributesToGet);
  let returned = 0;
  let last: Entry | null = null;
  let stopped = false;
  for (const entry of page) {
    returned++;
    last = entry;
    const more = deliver(handler, columns.toObject(entry.row, entry.index + 1, settings.file, select));
    if (!(more instanceof Promise ? await more : more)) {
      stopped = true;
      break;
    }
  }
  const remaining = Math.max(0, total - before - Math.min(offset, total - before) - returned);
  const more = stopped ? remaining > 0 : pageSize > 0 && buffer.length > end;
  const nextCookie =
    pageSize > 0 && more && last !== null ? encodeCookie({ u: last.uid, k: last.keys, s: signature }) : null;
  return new SearchResult(nextCookie, counting ? 'EXACT' : 'NONE', counting ? total : -1, remaining);
}
