/**
 * Test helpers: temporary copies of fixtures, configured connectors, and a search that goes through the
 * connector's filter translator the way the framework does (translate, then one executeQuery per query).
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ConnectorContext,
  type ConnectorLogger,
  type ConnectorObject,
  collectSearchResults,
  type Filter,
  ObjectClass,
  OperationOptions,
  type OptionsInput,
  type SearchResult,
} from '@rcskit/core';
import { afterEach } from 'vitest';
import { type CsvFileConfiguration, CsvFileConnector, csvFileConfigurationClass } from '../src/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const ACCOUNT = ObjectClass.ACCOUNT;
export const NO_OPTIONS = new OperationOptions();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rcskit-csv-'));
  dirs.push(dir);
  return dir;
}

/** Copies a fixture into a fresh temporary directory (writable) and returns the copy's path. */
export function fixtureCopy(name: string, as = name): string {
  const target = join(tempDir(), as);
  copyFileSync(join(FIXTURES, name), target);
  chmodSync(target, 0o644);
  return target;
}

/** A configuration for `csvFile` with overrides. */
export function configFor(
  csvFile: string,
  overrides: Partial<CsvFileConfiguration> = {},
): CsvFileConfiguration {
  const config = csvFileConfigurationClass.create();
  Object.assign(config, { csvFile, ...overrides });
  return config;
}

/** An initialized connector for `csvFile`. */
export function connectorFor(
  csvFile: string,
  overrides: Partial<CsvFileConfiguration> = {},
  context?: ConnectorContext,
): CsvFileConnector {
  const connector = new CsvFileConnector();
  connector.init(configFor(csvFile, overrides), context);
  return connector;
}

/** One call of a {@link recordingLogger}: level, fields and message. */
export interface LogRecord {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

/** A context logger that keeps every record (for connectors' `init(configuration, context)`). */
export function recordingLogger(): ConnectorLogger & { readonly records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at =
    (level: string) =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === 'string') records.push({ level, fields: {}, msg: objOrMsg });
      else records.push({ level, fields: objOrMsg as Record<string, unknown>, msg: msg ?? '' });
    };
  return {
    records,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** Search as the framework runs it: translate, then execute each native query (none: one null query). */
export async function search(
  connector: CsvFileConnector,
  filter: Filter | null = null,
  options: OptionsInput | OperationOptions = {},
): Promise<{ objects: ConnectorObject[]; result: SearchResult | null; uids: string[] }> {
  const opts = options instanceof OperationOptions ? options : new OperationOptions(options);
  const queries = connector.createFilterTranslator(ACCOUNT, opts).translate(filter);
  const handler = collectSearchResults();
  if (queries.length === 0) await connector.executeQuery(ACCOUNT, null, handler, opts);
  for (const query of queries) await connector.executeQuery(ACCOUNT, query, handler, opts);
  const objects = [...handler.objects];
  return { objects, result: handler.result, uids: objects.map((o) => o.uid.uidValue) };
}

/** The single value of an attribute of an object. */
export function attrValue(object: ConnectorObject | undefined, name: string): unknown {
  const values = object?.getAttributeByName(name)?.value;
  return values && values.length === 1 ? values[0] : values;
}
