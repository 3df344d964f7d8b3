/**
 * The CSV connector's configuration: the OpenICF property names (`csvFile`, `headerUid`, `headerPassword`,
 * `quoteCharacter`, `fieldDelimiter`, `newlineString`, `syncFileRetentionCount`) so that an IDM provisioner file
 * written for the Java connector works unchanged, plus `headerName`, `encoding`, `multivalueDelimiter` and
 * `multivalueAttributes`.
 *
 * @packageDocumentation
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  type Configuration,
  ConfigurationException,
  type ConnectorLogger,
  type ConnectorMessages,
  defineConfiguration,
  validateRequired,
} from '@rcskit/core';
import { type ColumnSettings, CsvColumns } from './columns.js';
import { readCsvHeader } from './csv-reader.js';
import { type CsvFormat, resolveFormat } from './format.js';

/** The configuration object a connector instance receives. Fields are the configuration properties. */
export class CsvFileConfiguration implements Configuration {
  /** Path of the CSV file (required). */
  csvFile: string | null = null;
  /** Column giving `__UID__` (and `__NAME__` unless `headerName` is set). */
  headerUid = 'uid';
  /** Column mapped to `__PASSWORD__`; the file may lack it. */
  headerPassword: string | null = 'password';
  /** Column giving `__NAME__`; null means `headerUid`. */
  headerName: string | null = null;
  /** Quote character (exactly one character). */
  quoteCharacter = '"';
  /** Field delimiter (exactly one character). */
  fieldDelimiter = ',';
  /** Line terminator written after each row. */
  newlineString = '\n';
  /** File encoding. */
  encoding = 'utf-8';
  /** Separator of values in a multi-valued cell; null disables multi-values. */
  multivalueDelimiter: string | null = null;
  /** Multi-valued columns; empty (with a delimiter set) means every column but the uid, name and password ones. */
  multivalueAttributes: readonly (string | null)[] | null = [];
  /** How many sync snapshots to keep (at least 1). */
  syncFileRetentionCount = 3;
  connectorMessages?: ConnectorMessages | undefined;

  /**
   * Checks the settings and the file: it must exist, be a regular file, readable and writable, in a writable
   * directory (temporary, lock and snapshot files go there), and have a header with the `headerUid` column (and
   * `headerName`, `multivalueAttributes` columns), no empty and no duplicate column names.
   *
   * @throws ConfigurationException naming what is wrong.
   */
  async validate(): Promise<void> {
    await loadColumns(this);
  }
}

/** The configuration class: property metadata in display order, and fresh instances. */
export const csvFileConfigurationClass = defineConfiguration({
  create: () => new CsvFileConfiguration(),
  properties: [
    { name: 'csvFile', type: 'File', order: 1, required: true },
    { name: 'headerUid', type: 'String', order: 2 },
    { name: 'headerName', type: 'String', order: 3 },
    { name: 'headerPassword', type: 'String', order: 4 },
    { name: 'quoteCharacter', type: 'String', order: 5 },
    { name: 'fieldDelimiter', type: 'String', order: 6 },
    { name: 'newlineString', type: 'String', order: 7 },
    { name: 'encoding', type: 'String', order: 8 },
    { name: 'multivalueDelimiter', type: 'String', order: 9 },
    { name: 'multivalueAttributes', type: 'String[]', order: 10 },
    { name: 'syncFileRetentionCount', type: 'int', order: 11, operations: ['SyncOp'] },
  ],
});

/** A configuration checked and turned into what the operations use. */
export interface ResolvedSettings {
  /** Absolute path of the CSV file. */
  readonly file: string;
  readonly format: CsvFormat;
  readonly columns: ColumnSettings;
  readonly retention: number;
  /** Where the connector logs (the framework's context logger; silent without one). */
  readonly log: ConnectorLogger;
}

const silent = (): void => {};
/** The logger of a connector the framework gave no context. */
export const SILENT_CONNECTOR_LOGGER: ConnectorLogger = Object.freeze({
  debug: silent,
  info: silent,
  warn: silent,
  error: silent,
});

/**
 * Checks the configuration values without touching the file.
 *
 * @throws ConfigurationException for a missing `csvFile`, a blank `headerUid`, bad dialect settings, or a
 *   retention count below 1.
 */
export function resolveSettings(
  config: CsvFileConfiguration,
  log: ConnectorLogger = SILENT_CONNECTOR_LOGGER,
): ResolvedSettings {
  validateRequired(csvFileConfigurationClass, config);
  const headerUid = (config.headerUid ?? '').trim();
  if (headerUid === '')
    throw new ConfigurationException("Configuration property 'headerUid' must not be blank");
  const format = resolveFormat(config);
  const retention = config.syncFileRetentionCount;
  if (!Number.isInteger(retention) || retention < 1) {
    throw new ConfigurationException(
      `Configuration property 'syncFileRetentionCount' must be at least 1, got ${retention}`,
    );
  }
  const headerName = config.headerName?.trim() ? config.headerName.trim() : null;
  const headerPassword = config.headerPassword?.trim() ? config.headerPassword.trim() : null;
  const multivalueAttributes = (config.multivalueAttributes ?? [])
    .filter((a): a is string => typeof a === 'string' && a.trim() !== '')
    .map((a) => a.trim());
  if (multivalueAttributes.length > 0 && format.multivalueDelimiter === null) {
    throw new ConfigurationException('multivalueAttributes needs a multivalueDelimiter');
  }
  return Object.freeze({
    file: resolve(config.csvFile!),
    format,
    columns: Object.freeze({
      headerUid,
      headerName,
      headerPassword,
      multivalueAttributes: Object.freeze(multivalueAttributes),
      multivalueDelimiter: format.multivalueDelimiter,
    }),
    retention,
    log,
  });
}

async function checkAccess(path: string, mode: number, what: string): Promise<void> {
  try {
    await access(path, mode);
  } catch {
    throw new ConfigurationException(what);
  }
}

/**
 * Everything `validate()` checks, returning the settings and the current columns.
 *
 * @throws ConfigurationException as described on {@link CsvFileConfiguration.validate}.
 */
export async function loadColumns(
  config: CsvFileConfiguration,
): Promise<{ settings: ResolvedSettings; columns: CsvColumns }> {
  const settings = resolveSettings(config);
  const file = settings.file;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    throw new ConfigurationException(`CSV file '${file}' does not exist`);
  }
  if (!info.isFile()) throw new ConfigurationException(`CSV file '${file}' is not a regular file`);
  await checkAccess(file, constants.R_OK, `CSV file '${file}' is not readable`);
  await checkAccess(file, constants.W_OK, `CSV file '${file}' is not writable`);
  await checkAccess(
    dirname(file),
    constants.W_OK | constants.X_OK,
    `The directory of CSV file '${file}' is not writable (temporary, lock and sync files are created there)`,
  );
  const header = await readCsvHeader(file, settings.format);
  if (header === null) throw new ConfigurationException(`CSV file '${file}' has no header line`);
  return { settings, columns: CsvColumns.fromHeader(header, settings.columns, file) };
}
