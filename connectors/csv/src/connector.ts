/**
 * The CSV file connector: one class implementing every SPI operation the Java `CSVFileConnector` offers
 * (create, update with add/remove values, delete, search, sync, schema, test, authenticate, resolveUsername).
 *
 * It is **not poolable**: an instance holds nothing but its configuration, so the framework's
 * create → init → operation → dispose per call costs nothing, and all shared state lives where it must be shared
 * anyway — the file, its lock file and its snapshots — so instances in one process and in other processes
 * coordinate the same way.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsException,
  type Attribute,
  AttributeInfoBuilder,
  type AuthenticateOp,
  type Connector,
  type ConnectorContext,
  type ConnectorLogger,
  type CreateOp,
  constantTimeEqual,
  type DeleteOp,
  type GuardedString,
  IllegalArgumentException,
  IllegalStateException,
  InvalidAttributeValueException,
  InvalidCredentialException,
  InvalidPasswordException,
  ObjectClass,
  ObjectClassInfoBuilder,
  OperationalAttributeInfos,
  type OperationOptions,
  type ResolveUsernameOp,
  type Schema,
  SchemaBuilder,
  type SchemaOp,
  type SearchOp,
  type SearchResultsHandler,
  type SyncOp,
  type SyncResultsHandler,
  type SyncToken,
  type TestOp,
  Uid,
  UnknownUidException,
  UnsupportedOperationException,
  type UpdateAttributeValuesOp,
} from '@rcskit/core';
import { applyChanges, type CellChange, type ChangeMode, cellChanges } from './changes.js';
import type { CsvColumns } from './columns.js';
import {
  type CsvFileConfiguration,
  loadColumns,
  type ResolvedSettings,
  resolveSettings,
} from './configuration.js';
import type { CsvRow } from './csv-reader.js';
import { CsvFilterTranslator, type CsvQuery } from './query.js';
import { executeSearch } from './search.js';
import { isSyncClass, latestSyncToken, synchronize } from './sync.js';
import { readColumns, readTable, rewriteTable } from './table.js';

function requireAccount(objectClass: ObjectClass): void {
  if (!objectClass?.is(ObjectClass.ACCOUNT_NAME)) {
    throw new IllegalArgumentException(
      `Operation requires ObjectClass ${ObjectClass.ACCOUNT_NAME}, received ${objectClass?.type}`,
    );
  }
}

/** The CSV connector (`org.forgerock.openicf.csvfile.CSVFileConnector`). */
export class CsvFileConnector
  implements
    Connector<CsvFileConfiguration>,
    CreateOp,
    UpdateAttributeValuesOp,
    DeleteOp,
    SearchOp<CsvQuery>,
    SyncOp,
    SchemaOp,
    TestOp,
    AuthenticateOp,
    ResolveUsernameOp
{
  #configuration: CsvFileConfiguration | null = null;
  #settings: ResolvedSettings | null = null;
  #log: ConnectorLogger | undefined;

  init(configuration: CsvFileConfiguration, context?: ConnectorContext): void {
    this.#configuration = configuration;
    this.#settings = null;
    this.#log = context?.log;
  }

  dispose(): void {
    this.#configuration = null;
    this.#settings = null;
  }

  getConfiguration(): CsvFileConfiguration {
    if (this.#configuration === null) throw new IllegalStateException('Connector is not initialized');
    return this.#configuration;
  }

  /** The checked settings, resolved on first use (a bad configuration fails the operation, not `init`). */
  #resolved(): ResolvedSettings {
    this.#settings ??= resolveSettings(this.getConfiguration(), this.#log);
    return this.#settings;
  }

  // --- Schema, test --------------------------------------------------------------------------------------------

  /**
   * One object class, `__ACCOUNT__`: `__UID__` (from the uid column), `__NAME__` (REQUIRED), one String attribute
   * per column (MULTIVALUED for multi-valued columns) and, when the file has a password column, `__PASSWORD__`
   * (GuardedString, NOT_READABLE, NOT_RETURNED_BY_DEFAULT) in its place.
   */
  async schema(): Promise<Schema> {
    const columns = await readColumns(this.#resolved());
    const info = new ObjectClassInfoBuilder()
      .setType(ObjectClass.ACCOUNT_NAME)
      .addAttributeInfo(AttributeInfoBuilder.build(Uid.NAME, 'String'));
    columns.names.forEach((name, i) => {
      if (i === columns.password) {
        info.addAttributeInfo(OperationalAttributeInfos.PASSWORD);
      } else {
        info.addAttributeInfo(
          AttributeInfoBuilder.build(name, 'String', columns.isMultivalued(i) ? ['MULTIVALUED'] : []),
        );
      }
    });
    return SchemaBuilder.forConnector(this).defineObjectClass(info.build()).build();
  }

  /** Runs the configuration's checks (file, header, columns). */
  async test(): Promise<void> {
    await loadColumns(this.getConfiguration());
  }

  // --- Create, update, delete ------------------------------------------------------------------------------------

  async create(
    objectClass: ObjectClass,
    attributes: readonly Attribute[],
    _options: OperationOptions,
  ): Promise<Uid> {
    requireAccount(objectClass);
    let uid = '';
    let added: CsvRow = [];
    return rewriteTable(this.#resolved(), {
      begin: (columns) => {
        const row = applyChanges([], cellChanges(attributes, columns), 'replace', columns);
        if (columns.name !== columns.uid && row[columns.name] === '') {
          throw new InvalidAttributeValueException(`Missing required attribute '__NAME__'`);
        }
        // As in the Java connector: no uid given, so the account gets a random one.
        if (row[columns.uid] === '') row[columns.uid] = randomUUID();
        uid = row[columns.uid]!;
        added = row;
      },
      row: (row, _index, columns) => {
        if (columns.cell(row, columns.uid) === uid) {
          throw new AlreadyExistsException(`Account ${uid} already exists.`);
        }
        return row;
      },
      end: () => ({ append: [added], result: new Uid(uid) }),
    });
  }

  update(
    objectClass: ObjectClass,
    uid: Uid,
    replaceAttributes: readonly Attribute[],
    _options: OperationOptions,
  ): Promise<Uid> {
    return this.#modify(objectClass, uid, replaceAttributes, 'replace');
  }

  addAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToAdd: readonly Attribute[],
    _options: OperationOptions,
  ): Promise<Uid> {
    return this.#modify(objectClass, uid, valuesToAdd, 'add');
  }

  removeAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToRemove: readonly Attribute[],
    _options: OperationOptions,
  ): Promise<Uid> {
    return this.#modify(objectClass, uid, valuesToRemove, 'remove');
  }

  async #modify(
    objectClass: ObjectClass,
    uid: Uid,
    attributes: readonly Attribute[],
    mode: ChangeMode,
  ): Promise<Uid> {
    requireAccount(objectClass);
    const target = uid.uidValue;
    let changes: CellChange[] = [];
    let renamed = target;
    let found = false;
    return rewriteTable(this.#resolved(), {
      begin: (columns: CsvColumns) => {
        changes = cellChanges(attributes, columns);
        const uidChange = changes.find((c) => c.column === columns.uid);
        if (mode === 'replace' && uidChange?.values[0] !== undefined) renamed = uidChange.values[0];
      },
      row: (row, _index, columns) => {
        const rowUid = columns.cell(row, columns.uid);
        if (rowUid === target) {
          found = true;
          const updated = applyChanges(row, changes, mode, columns);
          renamed = updated[columns.uid]!;
          return updated;
        }
        if (rowUid === renamed && renamed !== target) {
          throw new AlreadyExistsException(`Account ${renamed} already exists.`);
        }
        return row;
      },
      end: () => {
        if (!found) throw new UnknownUidException(`Uid ${target} does not exist`);
        return { result: new Uid(renamed) };
      },
    });
  }

  async delete(objectClass: ObjectClass, uid: Uid, _options: OperationOptions): Promise<void> {
    requireAccount(objectClass);
    const target = uid.uidValue;
    let found = false;
    await rewriteTable(this.#resolved(), {
      row: (row, _index, columns) => {
        if (columns.cell(row, columns.uid) !== target) return row;
        found = true;
        return null;
      },
      end: () => {
        if (!found) throw new UnknownUidException(`Uid ${target} does not exist`);
        return { result: undefined };
      },
    });
  }

  // --- Search ------------------------------------------------------------------------------------------------------

  createFilterTranslator(objectClass: ObjectClass, _options: OperationOptions): CsvFilterTranslator {
    requireAccount(objectClass);
    return new CsvFilterTranslator();
  }

  async executeQuery(
    objectClass: ObjectClass,
    query: CsvQuery | null,
    handler: SearchResultsHandler,
    options: OperationOptions,
  ): Promise<void> {
    requireAccount(objectClass);
    await executeSearch(this.#resolved(), query, handler, options);
  }

  // --- Sync --------------------------------------------------------------------------------------------------------

  async sync(
    objectClass: ObjectClass,
    token: SyncToken | null,
    handler: SyncResultsHandler,
    options: OperationOptions,
  ): Promise<void> {
    if (!isSyncClass(objectClass)) requireAccount(objectClass);
    await synchronize(this.#resolved(), token, handler, options);
  }

  async getLatestSyncToken(objectClass: ObjectClass): Promise<SyncToken> {
    if (!isSyncClass(objectClass)) requireAccount(objectClass);
    return latestSyncToken(this.#resolved());
  }

  // --- Authentication ----------------------------------------------------------------------------------------------

  /** The first row whose name column equals `username`. */
  async #findByName(username: string): Promise<{ columns: CsvColumns; row: CsvRow } | null> {
    for await (const { columns, rows } of readTable(this.#resolved())) {
      for (const row of rows) {
        if (columns.cell(row, columns.name) === username) return { columns, row };
      }
    }
    return null;
  }

  /**
   * Checks `password` against the password column of the account whose name column equals `username` (the uid
   * column unless `headerName` is set). Compared in constant time, both sides trimmed as every cell is.
   *
   * @throws InvalidCredentialException for a blank username.
   * @throws UnknownUidException (an InvalidCredentialException) when no account has that name.
   * @throws InvalidPasswordException for a missing or wrong password, or an account without one.
   * @throws UnsupportedOperationException when the file has no password column.
   */
  async authenticate(
    objectClass: ObjectClass,
    username: string,
    password: GuardedString,
    _options: OperationOptions,
  ): Promise<Uid> {
    requireAccount(objectClass);
    if (typeof username !== 'string' || username.trim() === '') {
      throw new InvalidCredentialException('Username must not be blank.');
    }
    if (!password || password.isDisposed()) throw new InvalidPasswordException('Password must not be null.');
    const found = await this.#findByName(username);
    if (found === null) throw new UnknownUidException(`Account ${username} does not exist.`);
    const { columns, row } = found;
    if (columns.password < 0) {
      throw new UnsupportedOperationException('The CSV file has no password column: cannot authenticate');
    }
    const stored = columns.cell(row, columns.password);
    const ok = stored !== '' && password.access((clear) => constantTimeEqual(clear.trim(), stored));
    if (!ok) throw new InvalidPasswordException('Invalid username and/or password.');
    return new Uid(columns.cell(row, columns.uid));
  }

  /**
   * The Uid of the account whose name column equals `username`.
   *
   * @throws UnknownUidException when there is none.
   */
  async resolveUsername(
    objectClass: ObjectClass,
    username: string,
    _options: OperationOptions,
  ): Promise<Uid> {
    requireAccount(objectClass);
    const found = typeof username === 'string' ? await this.#findByName(username) : null;
    if (found === null) throw new UnknownUidException(`Account ${username} does not exist.`);
    return new Uid(found.columns.cell(found.row, found.columns.uid));
  }
}
