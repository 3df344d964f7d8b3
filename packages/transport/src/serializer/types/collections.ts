/**
 * Collection serial types (spec §4.3.1): `Map` (entries as `MapEntry` objects), `List` (JS arrays) and `Set`
 * (JS `Set`s), with the `caseInsensitive` flag carried by {@link CaseInsensitiveMap} / {@link CaseInsensitiveSet}.
 *
 * @packageDocumentation
 */
import { CaseInsensitiveMap, CaseInsensitiveSet } from '../case-insensitive.js';
import { expectInstance, type TypeHandler } from '../registry.js';

/** One entry of a serialized `Map` (the `MapEntry` serial type). */
export class MapEntry {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {}
}

export const mapEntryHandler: TypeHandler<MapEntry> = {
  name: 'MapEntry',
  classes: [MapEntry],
  encode: (entry, out) => {
    out.writeObjectContents(entry.key);
    out.writeObjectContents(entry.value);
  },
  decode: (input) => new MapEntry(input.readObjectContents(0), input.readObjectContents(1)),
};

/** Any JS `Map` (object keys allowed); a {@link CaseInsensitiveMap} is written with `caseInsensitive = true`. */
export const mapHandler: TypeHandler<ReadonlyMap<unknown, unknown>> = {
  name: 'Map',
  matches: (value) => value instanceof Map,
  encode: (map, out) => {
    if (map instanceof CaseInsensitiveMap) out.writeBooleanField('caseInsensitive', true);
    for (const [key, value] of map) out.writeObjectContents(new MapEntry(key, value));
  },
  decode: (input) => {
    const caseInsensitive = input.readBooleanField('caseInsensitive', false);
    const map = caseInsensitive ? new CaseInsensitiveMap<unknown>() : new Map<unknown, unknown>();
    for (let i = 0; i < input.anonymousCount; i++) {
      const entry = expectInstance(input, input.readObjectContents(i), MapEntry, `entry #${i}`);
      if (caseInsensitive && typeof entry.key !== 'string') {
        input.fail(`case-insensitive map key #${i} is not a String`);
      }
      map.set(entry.key as string, entry.value);
    }
    return map;
  },
};

/** Any JS array is a `java.util.List`; elements may be null. */
export const listHandler: TypeHandler<readonly unknown[]> = {
  name: 'List',
  matches: (value) => Array.isArray(value),
  encode: (list, out) => {
    for (const item of list) out.writeObjectContents(item);
  },
  decode: (input) => {
    const list: unknown[] = [];
    for (let i = 0; i < input.anonymousCount; i++) list.push(input.readObjectContents(i));
    return list;
  },
};

/** Any JS `Set`; a {@link CaseInsensitiveSet} is written with `caseInsensitive = true`. */
export const setHandler: TypeHandler<ReadonlySet<unknown>> = {
  name: 'Set',
  matches: (value) => value instanceof Set,
  encode: (set, out) => {
    if (set instanceof CaseInsensitiveSet) out.writeBooleanField('caseInsensitive', true);
    for (const item of set) out.writeObjectContents(item);
  },
  decode: (input) => {
    const caseInsensitive = input.readBooleanField('caseInsensitive', false);
    const set = caseInsensitive ? new CaseInsensitiveSet() : new Set<unknown>();
    for (let i = 0; i < input.anonymousCount; i++) {
      const item = input.readObjectContents(i);
      if (caseInsensitive && typeof item !== 'string')
        input.fail(`case-insensitive set element #${i} is not a String`);
      set.add(item as string);
    }
    return set;
  },
};

/** The collection handlers, in registry order. */
export const COLLECTION_HANDLERS: readonly TypeHandler[] = [
  mapEntryHandler,
  mapHandler,
  listHandler,
  setHandler,
];
