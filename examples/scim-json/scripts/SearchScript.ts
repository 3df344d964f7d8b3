/**
 * The seed's "Example Search Script" in TypeScript: SCIM users and groups read from the JSON files in `data/`
 * (the seed read `/usr/local/src/users.json`), with
 *
 * - **filtering** from `query()` — EQUALS, CONTAINS, STARTSWITH, ENDSWITH, GREATERTHAN(OREQUAL),
 *   LESSTHAN(OREQUAL), PRESENT, AND/OR and NOT, ignoring case; a read by id is `__UID__ EQUALS <id>`;
 * - **sorting** (users) by `options.sortKeys`, with `__UID__` appended as the final key so pages are stable;
 * - **paging** (users) by `options.pageSize` with `options.pagedResultsCookie` (base64url of the last uid of the
 *   previous page) or `options.pagedResultsOffset`; the cookie is returned while more users follow;
 * - **attributesToGet**: only the requested attributes are sent; without a list, those returned by default
 *   (not `secondaryEmail`, nor the groups' `schemas`, flagged NOT_RETURNED_BY_DEFAULT);
 * - an **UnsupportedOperationException** for any other object class ("SEARCH operation of type: __ACCOUNT__ is
 *   not supported."), and other failures reported as "Error occurred during SEARCH operation".
 */
import { join } from 'node:path';
import {
  type Schema,
  type SearchContext,
  SearchResult,
  SortKey,
  UnsupportedOperationException,
} from '@rcskit/scripting';
import {
  groupRow,
  matcher,
  pageRows,
  type Row,
  readResources,
  type ScimGroup,
  type ScimUser,
  sortRows,
  userRow,
} from './lib/scim.js';

const DATA = join(__dirname, '..', 'data');

/** Attributes each class sends only when asked for (flagged so in SchemaScript.ts). */
const NOT_RETURNED_BY_DEFAULT: Readonly<Record<string, readonly string[]>> = {
  users: ['secondaryEmail'],
  groups: ['schemas'],
};

/**
 * Whether to send an attribute: the requested ones, or, without a list, every attribute returned by default —
 * from the bound `schema` when the connector binds one (ScriptedPoolableConnector), else from the list above.
 */
function wants(
  type: string,
  attributesToGet: readonly string[] | null,
  schema: Schema | null,
): (name: string) => boolean {
  if (attributesToGet !== null) {
    const wanted = new Set(attributesToGet);
    return (name) => wanted.has(name);
  }
  const info = schema?.findObjectClassInfo(type);
  if (info) {
    const hidden = new Set([...info.attributeInfos].filter((a) => !a.isReturnedByDefault).map((a) => a.name));
    return (name) => !hidden.has(name);
  }
  const hidden = new Set(NOT_RETURNED_BY_DEFAULT[type] ?? []);
  return (name) => !hidden.has(name);
}

/**
 * The attributes of a row the caller wants. An attribute without a value is left out rather than sent as null:
 * the framework's own check of the filter counts an attribute with a null value as present, so
 * `!(middleName pr)` would otherwise drop the very users it matches.
 */
function pick(
  row: Row,
  names: readonly string[],
  wanted: (name: string) => boolean,
): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const name of names) {
    const value = row[name];
    if (wanted(name) && value !== null && value !== undefined) attributes[name] = value;
  }
  return attributes;
}

export default async function search({
  operation,
  configuration,
  objectClass,
  options,
  query,
  handler,
  log,
  bindings,
}: SearchContext) {
  try {
    log.info(
      'Script: {0}/{1} Operation: {2}',
      configuration.scriptRoots,
      configuration.searchScriptFileName,
      operation,
    );

    const queryMap = query();
    const schema = (bindings.schema as Schema | null | undefined) ?? null;
    const wanted = wants(objectClass.type, options.attributesToGet, schema);
    let pagedResultsCookie: string | null = null;

    switch (objectClass.type) {
      case 'users': {
        // ICF names → this class's fields.
        const fieldMap = { __UID__: 'id', __NAME__: 'userName' };
        let rows = readResources<ScimUser>(join(DATA, 'users.json')).map(userRow);

        rows = rows.filter(matcher(queryMap, fieldMap));

        const pageSize = options.pageSize ?? 0;
        if (options.sortKeys || pageSize > 0) {
          // Sort by the requested keys, then by the unique id, so that paging is reliable.
          const sortKeys = [...(options.sortKeys ?? []), new SortKey('__UID__', true)];
          rows = sortRows(rows, sortKeys, fieldMap);
        }

        const page = pageRows(
          rows,
          { pageSize, cookie: options.pagedResultsCookie, offset: options.pagedResultsOffset ?? 0 },
          fieldMap.__UID__,
        );
        pagedResultsCookie = page.cookie;

        const names = [
          'active',
          'displayName',
          'givenName',
          'middleName',
          'familyName',
          'primaryEmail',
          'secondaryEmail',
        ];
        for (const row of page.rows) {
          const more = await handler({
            uid: String(row[fieldMap.__UID__]),
            id: String(row[fieldMap.__NAME__]),
            attributes: pick(row, names, wanted),
          });
          if (!more) break;
        }
        break;
      }
      case 'groups': {
        // A group's __NAME__ is its uid (the handler's default when no id is given).
        const fieldMap = { __UID__: 'id', __NAME__: 'id' };
        const rows = readResources<ScimGroup>(join(DATA, 'groups.json'))
          .map(groupRow)
          .filter(matcher(queryMap, fieldMap));
        // No sorting or paging for groups (as in the seed).
        for (const row of rows) {
          const more = await handler({
            uid: String(row.id),
            attributes: pick(row, ['displayName', 'members', 'schemas'], wanted),
          });
          if (!more) break;
        }
        break;
      }
      default:
        throw new UnsupportedOperationException(
          `${operation} operation of type: ${objectClass.type} is not supported.`,
        );
    }

    // Only the cookie is reported: IDM does not use the counts of a /system query.
    return new SearchResult(pagedResultsCookie, -1);
  } catch (error) {
    if (error instanceof UnsupportedOperationException) {
      // Keep the message of the unsupported object class.
      log.error(error.message);
      throw error;
    }
    log.error(error as Error, 'EXCEPTION: {0}', (error as Error)?.message);
    throw new UnsupportedOperationException(`Error occurred during ${operation} operation`);
  }
}
