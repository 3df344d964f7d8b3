/**
 * The header of a CSV file and what each column means: which one gives `__UID__`, which `__NAME__`, which holds
 * the password, which are multi-valued; and how a row becomes a {@link ConnectorObject}.
 *
 * @packageDocumentation
 */
import {
  Attribute,
  ConfigurationException,
  ConnectorException,
  ConnectorObject,
  Name,
  nameKey,
  ObjectClass,
  OperationalAttributes,
  Uid,
} from '@rcskit/core';

/** The configuration fields that give columns a meaning. */
export interface ColumnSettings {
  readonly headerUid: string;
  /** Column of `__NAME__`; null means the uid column. */
  readonly headerName: string | null;
  /** Column of `__PASSWORD__`; null or blank means none. */
  readonly headerPassword: string | null;
  /** Multi-valued columns; empty means every column but the uid, name and password ones. */
  readonly multivalueAttributes: readonly string[];
  /** Null: no column is multi-valued. */
  readonly multivalueDelimiter: string | null;
}

const RESERVED = new Set([Uid.NAME, Name.NAME, OperationalAttributes.PASSWORD_NAME].map(nameKey));

/** Which attributes a search should return. */
export type ColumnSelection = (index: number) => boolean;

/** The columns of one version of a file, checked against the configuration. */
export class CsvColumns {
  /** Trimmed header cells, in file order. */
  readonly names: readonly string[];
  /** Index of the `headerUid` column. */
  readonly uid: number;
  /** Index of the `__NAME__` column (the uid column unless `headerName` says otherwise). */
  readonly name: number;
  /** Index of the password column, or -1 when the file has none. */
  readonly password: number;
  readonly #multivalued: readonly boolean[];
  readonly #delimiter: string | null;
  readonly #byKey: ReadonlyMap<string, number>;

  private constructor(
    names: readonly string[],
    uid: number,
    name: number,
    password: number,
    multivalued: readonly boolean[],
    delimiter: string | null,
  ) {
    this.names = names;
    this.uid = uid;
    this.name = name;
    this.password = password;
    this.#multivalued = multivalued;
    this.#delimiter = delimiter;
    this.#byKey = new Map(names.map((n, i) => [nameKey(n), i]));
  }

  /**
   * Reads a header row.
   *
   * @param file only for messages.
   * @throws ConfigurationException for an empty or duplicate (case-insensitive) column name, a column named like a
   *   special attribute, a missing uid or name column, or a `multivalueAttributes` entry that is not a plain
   *   column.
   */
  static fromHeader(header: readonly string[], settings: ColumnSettings, file: string): CsvColumns {
    const names = header.map((cell) => cell.trim());
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      if (name === '') {
        throw new ConfigurationException(
          `Invalid empty header: column ${i + 1} of the CSV file '${file}' has no name`,
        );
      }
      const key = nameKey(name);
      if (seen.has(key)) {
        throw new ConfigurationException(
          `Header contains duplicate columns: '${names[seen.get(key)!]}' and '${name}' in '${file}'`,
        );
      }
      if (RESERVED.has(key)) {
        throw new ConfigurationException(
          `Column '${name}' of '${file}' uses a reserved attribute name; rename the column`,
        );
      }
      seen.set(key, i);
    });
    const find = (column: string, property: string): number => {
      const i = names.indexOf(column);
      if (i < 0) {
        throw new ConfigurationException(
          `CSV file '${file}' does not contain required ${column} column (${property})`,
        );
      }
      return i;
    };
    const uid = find(settings.headerUid, 'headerUid');
    const name = settings.headerName ? find(settings.headerName, 'headerName') : uid;
    const password =
      settings.headerPassword && settings.headerPassword.trim() !== ''
        ? names.indexOf(settings.headerPassword)
        : -1;
    if (password >= 0 && (password === uid || password === name)) {
      throw new ConfigurationException(
        'headerPassword must name a different column than headerUid and headerName',
      );
    }
    const multivalued = names.map(() => false);
    if (settings.multivalueDelimiter !== null) {
      if (settings.multivalueAttributes.length === 0) {
        names.forEach((_, i) => {
          multivalued[i] = i !== uid && i !== name && i !== password;
        });
      } else {
        for (const column of settings.multivalueAttributes) {
          const i = names.indexOf(column);
          if (i < 0) {
            throw new ConfigurationException(
              `multivalueAttributes names '${column}', which is not a column of '${file}'`,
            );
          }
          if (i === uid || i === name || i === password) {
            throw new ConfigurationException(
              `multivalueAttributes must not name the uid, name or password column ('${column}')`,
            );
          }
          multivalued[i] = true;
        }
      }
    }
    return new CsvColumns(
      Object.freeze(names),
      uid,
      name,
      password,
      Object.freeze(multivalued),
      settings.multivalueDelimiter,
    );
  }

  /** Number of columns. */
  get length(): number {
    return this.names.length;
  }

  /** Whether column `index` holds several values. */
  isMultivalued(index: number): boolean {
    return this.#multivalued[index] ?? false;
  }

  /** The multi-value separator, or null. */
  get multivalueDelimiter(): string | null {
    return this.#delimiter;
  }

  /**
   * The column an attribute name refers to (case-insensitive): `__UID__` → uid column, `__NAME__` → name column,
   * `__PASSWORD__` → password column, otherwise the column of that name. -1 when there is none.
   */
  columnOf(attributeName: string): number {
    const key = nameKey(attributeName);
    if (key === nameKey(Uid.NAME)) return this.uid;
    if (key === nameKey(Name.NAME)) return this.name;
    if (key === nameKey(OperationalAttributes.PASSWORD_NAME)) return this.password;
    return this.#byKey.get(key) ?? -1;
  }

  /** The trimmed cell, `''` when empty or missing. */
  cell(row: readonly string[], index: number): string {
    const raw = row[index];
    return raw === undefined ? '' : raw.trim();
  }

  /** The values of a cell (split when multi-valued, empty parts dropped), or null when the cell is empty. */
  valuesOf(row: readonly string[], index: number): string[] | null {
    const cell = this.cell(row, index);
    if (cell === '') return null;
    if (this.#delimiter === null || !this.#multivalued[index]) return [cell];
    const values = cell
      .split(this.#delimiter)
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return values.length === 0 ? null : values;
  }

  /** The cell text for a list of values (joined when multi-valued); `''` for none. */
  cellFor(index: number, values: readonly string[]): string {
    if (values.length === 0) return '';
    if (this.#delimiter === null || !this.#multivalued[index]) return values[0]!;
    return values.join(this.#delimiter);
  }

  /**
   * Checks the cell count of a data row.
   *
   * @param record 1-based data record number, for the message.
   * @throws ConnectorException when the row has more cells than the header.
   */
  checkRow(row: readonly string[], record: number, file: string): void {
    if (row.length > this.names.length) {
      throw new ConnectorException(
        `Record ${record} of '${file}' has ${row.length} fields but the header has ${this.names.length}`,
      );
    }
  }

  /**
   * The uid of a row.
   *
   * @throws ConnectorException when the uid cell is empty.
   */
  uidOf(row: readonly string[], record: number, file: string): string {
    const uid = this.cell(row, this.uid);
    if (uid === '') {
      throw new ConnectorException(`Record ${record} of '${file}' has no value in the uid column`);
    }
    return uid;
  }

  /**
   * A row as an `__ACCOUNT__` object: `__UID__`, `__NAME__`, and one attribute per non-empty column (the uid and
   * name columns included under their own names). The password column is never returned (NOT_READABLE).
   *
   * @param select which columns to include besides `__UID__` and `__NAME__`; all when omitted.
   * @throws ConnectorException when the uid or name cell is empty.
   */
  toObject(row: readonly string[], record: number, file: string, select?: ColumnSelection): ConnectorObject {
    const uid = this.uidOf(row, record, file);
    const name = this.name === this.uid ? uid : this.cell(row, this.name);
    if (name === '') {
      throw new ConnectorException(`Record ${record} of '${file}' has no value in the name column`);
    }
    const attributes: Attribute[] = [new Uid(uid), new Name(name)];
    for (let i = 0; i < this.names.length; i++) {
      if (i === this.password || (select && !select(i))) continue;
      const values = this.valuesOf(row, i);
      if (values !== null) attributes.push(new Attribute(this.names[i]!, values));
    }
    return new ConnectorObject(ObjectClass.ACCOUNT, attributes);
  }

  /**
   * A selection from `ATTRS_TO_GET` (case-insensitive column names; `__UID__`/`__NAME__` are always returned),
   * or undefined for all columns.
   */
  selection(attributesToGet: readonly string[] | null): ColumnSelection | undefined {
    if (attributesToGet === null) return undefined;
    const wanted = new Set<number>();
    for (const attr of attributesToGet) {
      const key = nameKey(attr);
      const i = this.#byKey.get(key);
      if (i !== undefined) wanted.add(i);
    }
    return (i) => wanted.has(i);
  }
}
