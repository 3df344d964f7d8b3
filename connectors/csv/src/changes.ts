/**
 * Turning framework attributes into cell changes for create, update, addAttributeValues and
 * removeAttributeValues. Every attribute must map to a column (`__UID__`, `__NAME__`, `__PASSWORD__` or a column
 * name, case-insensitive); the Java connector silently dropped unknown names and extra values, which hid typos and
 * lost data, so both are rejected here with InvalidAttributeValueException.
 *
 * @packageDocumentation
 */
import {
  type Attribute,
  GuardedByteArray,
  GuardedString,
  InvalidAttributeValueException,
  isOperationalAttribute,
  nameKey,
  OperationalAttributes,
  valueToString,
} from '@rcskit/core';
import type { CsvColumns } from './columns.js';
import type { CsvRow } from './csv-reader.js';

/** How an attribute changes its column. */
export type ChangeMode = 'replace' | 'add' | 'remove';

/** One column's change. */
export interface CellChange {
  readonly column: number;
  readonly attribute: string;
  /** The values given (trimmed, empty ones dropped). */
  readonly values: readonly string[];
}

const CURRENT_PASSWORD = nameKey(OperationalAttributes.CURRENT_PASSWORD_NAME);
const PASSWORD = nameKey(OperationalAttributes.PASSWORD_NAME);

function cellText(attribute: Attribute, value: unknown, isPassword: boolean): string {
  if (value instanceof GuardedString) {
    if (!isPassword) {
      throw new InvalidAttributeValueException(
        `Attribute '${attribute.name}' holds a GuardedString but is not the password column`,
      );
    }
    // The only place a secret is revealed: into the password column the configuration names.
    return value.access((clear) => clear);
  }
  if (value instanceof Uint8Array || value instanceof GuardedByteArray || value instanceof Map) {
    throw new InvalidAttributeValueException(`Attribute '${attribute.name}' must hold text values`);
  }
  return valueToString(value) ?? '';
}

/**
 * The cell changes of a list of attributes. `__CURRENT_PASSWORD__` (a proof of the old password, not a value to
 * store) is ignored.
 *
 * @throws InvalidAttributeValueException for an attribute that is not a column, several values for a
 *   single-valued column, a value holding the multi-value delimiter, or a GuardedString outside the password
 *   column.
 */
export function cellChanges(attributes: readonly Attribute[], columns: CsvColumns): CellChange[] {
  const changes: CellChange[] = [];
  for (const attribute of attributes) {
    const key = nameKey(attribute.name);
    if (key === CURRENT_PASSWORD) continue;
    const column = columns.columnOf(attribute.name);
    if (column < 0) {
      const why =
        key === PASSWORD
          ? 'the CSV file has no password column'
          : isOperationalAttribute(attribute.name)
            ? 'operational attributes are not supported'
            : 'no such column in the CSV file';
      throw new InvalidAttributeValueException(`Unknown attribute '${attribute.name}': ${why}`);
    }
    const isPassword = column === columns.password;
    const values = (attribute.value ?? [])
      .filter((v) => v !== null)
      .map((v) => cellText(attribute, v, isPassword).trim())
      .filter((v) => v !== '');
    if (values.length > 1 && !columns.isMultivalued(column)) {
      throw new InvalidAttributeValueException(
        `Attribute '${attribute.name}' is single-valued but ${values.length} values were given`,
      );
    }
    const delimiter = columns.multivalueDelimiter;
    if (columns.isMultivalued(column) && delimiter !== null && values.some((v) => v.includes(delimiter))) {
      throw new InvalidAttributeValueException(
        `A value of '${attribute.name}' contains the multi-value delimiter '${delimiter}'`,
      );
    }
    const same = changes.find((c) => c.column === column);
    if (same) {
      if (same.values.join('\u0000') !== values.join('\u0000')) {
        throw new InvalidAttributeValueException(
          `Attributes '${same.attribute}' and '${attribute.name}' set the same column to different values`,
        );
      }
      continue;
    }
    changes.push({ column, attribute: attribute.name, values });
  }
  return changes;
}

/**
 * Applies changes to a copy of `row`.
 *
 * - replace: the column gets exactly the given values (none clears it);
 * - add: multi-valued columns get the values appended (duplicates kept); a single-valued column takes the value
 *   when it is empty or already equal, and refuses a second, different value;
 * - remove: the first occurrence of each given value is removed; values not present are ignored.
 *
 * @throws InvalidAttributeValueException when the uid or name column would become empty, or an add would give a
 *   single-valued column a second value.
 */
export function applyChanges(
  row: CsvRow,
  changes: readonly CellChange[],
  mode: ChangeMode,
  columns: CsvColumns,
): CsvRow {
  const out = Array.from({ length: columns.length }, (_, i) => columns.cell(row, i));
  for (const change of changes) {
    const current = columns.valuesOf(out, change.column) ?? [];
    let next: string[];
    if (mode === 'replace') {
      next = [...change.values];
    } else if (mode === 'add') {
      if (columns.isMultivalued(change.column)) {
        next = [...current, ...change.values];
      } else {
        const value = change.values[0];
        if (value !== undefined && current.length > 0 && current[0] !== value) {
          throw new InvalidAttributeValueException(
            `Attribute '${change.attribute}' is single-valued and already has a value`,
          );
        }
        next = value === undefined ? current : [value];
      }
    } else {
      next = [...current];
      for (const value of change.values) {
        const at = next.indexOf(value);
        if (at >= 0) next.splice(at, 1);
      }
    }
    if (next.length === 0 && (change.column === columns.uid || change.column === columns.name)) {
      throw new InvalidAttributeValueException(`Attribute '${change.attribute}' cannot be emptied`);
    }
    out[change.column] = columns.cellFor(change.column, next);
  }
  return out;
}
