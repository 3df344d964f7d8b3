/**
 * Helpers of the example's search script: reading the SCIM list responses in `data/`, flattening a SCIM user into
 * the row the example schema describes, and the seed's filtering, sorting and paging rules as plain functions
 * (the seed built a GroovyShell condition template from `query()`; here `query()` becomes a predicate).
 *
 * A helper is compiled like the scripts and imported by relative path (`./lib/scim.js` finds this file).
 */
import { readFileSync } from 'node:fs';
import { isQueryComposite, type QueryMap, type SortKey } from '@rcskit/scripting';

/** A SCIM 2.0 User, as far as the example uses it (RFC 7643 §4.1). */
export interface ScimUser {
  readonly id: string;
  readonly userName: string;
  readonly active?: boolean;
  readonly displayName?: string;
  readonly name?: { readonly givenName?: string; readonly middleName?: string; readonly familyName?: string };
  readonly emails?: readonly { readonly value: string; readonly type?: string; readonly primary?: boolean }[];
  readonly schemas?: readonly string[];
}

/** A SCIM 2.0 Group (RFC 7643 §4.2). */
export interface ScimGroup {
  readonly id: string;
  readonly displayName?: string;
  readonly members?: readonly { readonly value: string; readonly $ref?: string; readonly display?: string }[];
  readonly schemas?: readonly string[];
}

/** A value of a row: what the handler sends for an attribute. */
export type RowValue = string | boolean | null | readonly unknown[];

/** One resource as the search script sees it: attribute name → value. */
export type Row = Readonly<Record<string, RowValue>>;

/**
 * The `Resources` of a SCIM list response file; none when the file does not exist (the seed's
 * `json.exists() ? jsonSlurper.parse(json).Resources : []`).
 */
export function readResources<T>(file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const list = JSON.parse(text) as { Resources?: T[] };
  return list.Resources ?? [];
}

/**
 * A SCIM user flattened to the example schema's `users` class: the name parts and the primary and other e-mail
 * addresses become string attributes, `active` a boolean (absent in the data = false, as `!!resource.active`).
 */
export function userRow(user: ScimUser): Row {
  const emails = user.emails ?? [];
  return {
    id: user.id,
    userName: user.userName,
    active: user.active === true,
    displayName: user.displayName ?? null,
    givenName: user.name?.givenName ?? null,
    middleName: user.name?.middleName ?? null,
    familyName: user.name?.familyName ?? null,
    primaryEmail: emails.find((e) => e.primary === true)?.value ?? null,
    secondaryEmail: emails.find((e) => e.primary !== true)?.value ?? null,
  };
}

/** A SCIM group as a row (its original structure, as the example schema's `groups` class keeps it). */
export function groupRow(group: ScimGroup): Row {
  return {
    id: group.id,
    displayName: group.displayName ?? null,
    members: group.members ?? [],
    schemas: group.schemas ?? [],
  };
}

/** The text a value is compared as (the seed compared `value.toString()` ignoring case). */
function comparable(value: RowValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value).toLowerCase();
}

/** Code-unit order of two comparable texts (Java's `compareToIgnoreCase` on lower-cased text). */
function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The predicate of a `query()` map (null: every row matches). `fieldMap` maps ICF names (`__UID__`, `__NAME__`)
 * to the row's own. Comparisons ignore case, as in the seed; `PRESENT` means a non-empty value.
 */
export function matcher(
  query: QueryMap | null,
  fieldMap: Readonly<Record<string, string>>,
): (row: Row) => boolean {
  if (query === null) return () => true;
  if (isQueryComposite(query)) {
    const left = matcher(query.left, fieldMap);
    const right = matcher(query.right, fieldMap);
    return query.operation === 'AND' ? (row) => left(row) && right(row) : (row) => left(row) || right(row);
  }
  const field = fieldMap[query.left] ?? query.left;
  const argument = query.operation === 'PRESENT' ? '' : comparable(query.right);
  const test = (row: Row): boolean => {
    const raw = row[field];
    const value = comparable(raw);
    switch (query.operation) {
      case 'PRESENT':
        return raw !== null && raw !== undefined && value !== '' && value !== '[]';
      case 'EQUALS':
        return value === argument;
      case 'CONTAINS':
        return value.includes(argument);
      case 'STARTSWITH':
        return value.startsWith(argument);
      case 'ENDSWITH':
        return value.endsWith(argument);
      case 'GREATERTHAN':
        return order(value, argument) > 0;
      case 'GREATERTHANOREQUAL':
        return order(value, argument) >= 0;
      case 'LESSTHAN':
        return order(value, argument) < 0;
      case 'LESSTHANOREQUAL':
        return order(value, argument) <= 0;
      default:
        return false;
    }
  };
  return query.not ? (row) => !test(row) : test;
}

/** Rows sorted by the keys in turn, ignoring case (the caller appends `__UID__` so the order is total). */
export function sortRows(
  rows: readonly Row[],
  sortKeys: readonly SortKey[],
  fieldMap: Readonly<Record<string, string>>,
): Row[] {
  const keys = sortKeys.map((key) => ({
    field: fieldMap[key.field] ?? key.field,
    ascending: key.isAscendingOrder,
  }));
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const c = order(comparable(a[key.field]), comparable(b[key.field]));
      if (c !== 0) return key.ascending ? c : -c;
    }
    return 0;
  });
}

/** The paged-results cookie for a uid: its UTF-8 bytes in base64url (Groovy's `bytes.encodeBase64Url()`). */
export function encodeCookie(uid: string): string {
  return Buffer.from(uid, 'utf8').toString('base64url');
}

/** The uid a cookie was made from. */
export function decodeCookie(cookie: string): string {
  return Buffer.from(cookie, 'base64url').toString('utf8');
}

/** What {@link pageRows} returns. */
export interface Page {
  readonly rows: readonly Row[];
  /** The cookie of the last row when more rows follow the page, else null (the last page ends the cycle). */
  readonly cookie: string | null;
}

/**
 * One page of sorted rows: after the row named by `cookie` when there is one, else after skipping `offset` rows
 * (cookie and offset are mutually exclusive: the cookie wins), at most `pageSize` rows. `pageSize` 0 or less: no
 * paging, every row.
 */
export function pageRows(
  rows: readonly Row[],
  paging: { pageSize: number; cookie: string | null; offset: number },
  uidField: string,
): Page {
  if (!(paging.pageSize > 0)) return { rows, cookie: null };
  let start = 0;
  if (paging.cookie) {
    const last = decodeCookie(paging.cookie);
    start = rows.findIndex((row) => row[uidField] === last) + 1;
  } else if (paging.offset > 0) {
    start = paging.offset;
  }
  const page = rows.slice(start, start + paging.pageSize);
  const more = start + page.length < rows.length;
  const lastRow = page[page.length - 1];
  return { rows: page, cookie: more && lastRow ? encodeCookie(String(lastRow[uidField])) : null };
}
