/**
 * The constant-pool names the fast paths know: the serial type names and field names of the types that make up
 * connector objects and attribute sets. Each has a small static id, so a blob's pool maps to ids with one array
 * per blob instead of a `Map` per blob.
 *
 * @packageDocumentation
 */

/** The names, indexed by static id (the `ID_*` constants below). All are ASCII. */
export const FAST_NAMES = [
  'String',
  'Boolean',
  'Integer',
  'Long',
  'Double',
  'Float',
  'ByteArray',
  'List',
  'Set',
  'Map',
  'MapEntry',
  'Attribute',
  'Uid',
  'Name',
  'ObjectClass',
  'ConnectorObject',
  'name',
  'Values',
  'uid',
  'revision',
  'type',
  'Attributes',
] as const;

export const ID_STRING = 0;
export const ID_BOOLEAN = 1;
export const ID_INTEGER = 2;
export const ID_LONG = 3;
export const ID_DOUBLE = 4;
export const ID_FLOAT = 5;
export const ID_BYTE_ARRAY = 6;
export const ID_LIST = 7;
export const ID_SET = 8;
export const ID_MAP = 9;
export const ID_MAP_ENTRY = 10;
export const ID_ATTRIBUTE = 11;
export const ID_UID = 12;
export const ID_NAME = 13;
/** Both the `ObjectClass` type and the `ConnectorObject` field of that name: one pool entry serves both. */
export const ID_OBJECT_CLASS = 14;
export const ID_CONNECTOR_OBJECT = 15;
export const ID_FIELD_NAME = 16;
export const ID_FIELD_VALUES = 17;
export const ID_FIELD_UID = 18;
export const ID_FIELD_REVISION = 19;
export const ID_FIELD_TYPE = 20;
export const ID_FIELD_ATTRIBUTES = 21;

/** Number of known names. */
export const FAST_NAME_COUNT = FAST_NAMES.length;

/** Open-addressing table from (length, first byte, last byte) to the ids, verified byte by byte on lookup. */
const TABLE_SIZE = 128;
const table = new Int8Array(TABLE_SIZE).fill(-1);

function slotOf(length: number, first: number, last: number): number {
  return (length * 31 + first * 7 + last) & (TABLE_SIZE - 1);
}

for (let id = 0; id < FAST_NAME_COUNT; id++) {
  const name = FAST_NAMES[id]!;
  let slot = slotOf(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1));
  while (table[slot] !== -1) slot = (slot + 1) & (TABLE_SIZE - 1);
  table[slot] = id;
}

/** The static id of the name in `bytes[start, end)`, or -1 when it is not a known name. */
export function fastNameId(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 3 || length > 15) return -1;
  let slot = slotOf(length, bytes[start]!, bytes[end - 1]!);
  for (;;) {
    const id = table[slot]!;
    if (id === -1) return -1;
    const name = FAST_NAMES[id]!;
    if (name.length === length) {
      let i = 0;
      while (i < length && name.charCodeAt(i) === bytes[start + i]) i++;
      if (i === length) return id;
    }
    slot = (slot + 1) & (TABLE_SIZE - 1);
  }
}
