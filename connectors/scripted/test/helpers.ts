/**
 * Test helpers: paths of the fixtures and of the scim-json example, configurations, initialised connectors, a
 * search that goes through the connector's filter translator the way the framework does, and a log capture.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ConnectorObject,
  collectSearchResults,
  type Filter,
  ObjectClass,
  OperationOptions,
  OperationOptionsBuilder,
  type SearchResult,
  SortKey,
} from '@rcskit/core';
import { ScriptedConfiguration, type ScriptLogger } from '@rcskit/scripting';
import { afterEach, beforeEach } from 'vitest';
import { type ScriptedConnectorBase, setScriptLogger, textScriptLogger } from '../src/index.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = join(HERE, '..');
export const WORKSPACE = join(PACKAGE_DIR, '..', '..');
export const FIXTURE_SCRIPTS = join(HERE, 'fixtures', 'scripts');
export const EXAMPLE = join(WORKSPACE, 'examples', 'scim-json');
export const EXAMPLE_SCRIPTS = join(EXAMPLE, 'scripts');

export const USERS = new ObjectClass('users');
export const GROUPS = new ObjectClass('groups');
export const ACCOUNT = ObjectClass.ACCOUNT;

/** The seed's customConfiguration example and its sensitive override. */
export const SEED_CUSTOM_CONFIGURATION =
  "key1 = 'value1'; key2 = 'value2'; map1 { key1 = 'value3'; key2 = 'value4'; }; map2.key1 = 'value5'; map2.key2 = 'value6'; map3 = [ key1: 'value7', key2: 'value8' ];";
export const SEED_CUSTOM_SENSITIVE_CONFIGURATION =
  "key1 = 'sensitive-value1'; map1 { key1 = 'sensitive-value3'; }; map2.key1 = 'sensitive-value5'; map3 = [ key1: 'sensitive-value7' ];";
/** The propertyBag paths the seed's TestScript.groovy printed, in order. */
export const SEED_PROPERTY_PATHS = [
  'key1',
  'key2',
  'map1.key1',
  'map1.key2',
  'map2.key1',
  'map2.key2',
  'map3.key1',
  'map3.key2',
] as const;

// Script logs are dropped in tests unless a test captures them with setScriptLogger.
beforeEach(() => setScriptLogger(textScriptLogger('silent')));

const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(prefix = 'rcskit-scripted-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of the example's `scripts/` and `data/` in a temporary directory; returns the copy's root. */
export function exampleCopy(): string {
  const dir = tempDir('rcskit-scim-');
  cpSync(join(EXAMPLE, 'scripts'), join(dir, 'scripts'), { recursive: true });
  cpSync(join(EXAMPLE, 'data'), join(dir, 'data'), { recursive: true });
  return dir;
}

/** A configuration (released after the test) with the given fields; scriptRoots default to the example's. */
export function configure(
  fields: Partial<Record<keyof ScriptedConfiguration, unknown>> = {},
): ScriptedConfiguration {
  const configuration = new ScriptedConfiguration();
  Object.assign(configuration, { scriptRoots: [EXAMPLE_SCRIPTS], ...fields });
  cleanups.push(() => void configuration.release());
  return configuration;
}

/** The example's scripts, as `conf/provisioner.openicf-groovy.json` configures them. */
export function exampleConfiguration(
  fields: Partial<Record<keyof ScriptedConfiguration, unknown>> = {},
): ScriptedConfiguration {
  return configure({
    scriptOnResourceScriptFileName: 'ScriptOnResourceScript.ts',
    schemaScriptFileName: 'SchemaScript.ts',
    searchScriptFileName: 'SearchScript.ts',
    testScriptFileName: 'TestScript.ts',
    customConfiguration: SEED_CUSTOM_CONFIGURATION,
    ...fields,
  });
}

/** `connector` initialised with `configuration`. */
export function initialised<T extends ScriptedConnectorBase>(
  connector: T,
  configuration: ScriptedConfiguration,
): T {
  connector.init(configuration);
  return connector;
}

/** Search options in plain terms (see {@link searchOptions}). */
export interface SearchOptions {
  readonly pageSize?: number;
  readonly cookie?: string | null;
  readonly offset?: number;
  /** `name` ascending, `-name` descending (IDM's `_sortKeys` syntax). */
  readonly sortKeys?: readonly string[];
  readonly attributesToGet?: readonly string[];
}

/** OperationOptions from {@link SearchOptions}. */
export function searchOptions(options: SearchOptions = {}): OperationOptions {
  const builder = new OperationOptionsBuilder();
  if (options.pageSize !== undefined) builder.setPageSize(options.pageSize);
  if (options.cookie) builder.setPagedResultsCookie(options.cookie);
  if (options.offset !== undefined) builder.setPagedResultsOffset(options.offset);
  if (options.sortKeys) {
    builder.setSortKeys(
      options.sortKeys.map((key) =>
        key.startsWith('-') ? new SortKey(key.slice(1), false) : new SortKey(key, true),
      ),
    );
  }
  if (options.attributesToGet) builder.setAttributesToGet(options.attributesToGet);
  return builder.build();
}

/** Search as the framework runs it: translate, then execute each native query (none: one null query). */
export async function search(
  connector: ScriptedConnectorBase,
  objectClass: ObjectClass,
  filter: Filter | null = null,
  options: SearchOptions | OperationOptions = {},
): Promise<{ objects: ConnectorObject[]; result: SearchResult | null; uids: string[]; names: string[] }> {
  const opts = options instanceof OperationOptions ? options : searchOptions(options);
  const queries = connector.createFilterTranslator(objectClass, opts).translate(filter);
  const handler = collectSearchResults();
  if (queries.length === 0) await connector.executeQuery(objectClass, null, handler, opts);
  for (const query of queries) await connector.executeQuery(objectClass, query, handler, opts);
  const objects = [...handler.objects];
  return {
    objects,
    result: handler.result,
    uids: objects.map((o) => o.uid.uidValue),
    names: objects.map((o) => o.name.nameValue),
  };
}

/** The single value (or the values) of an attribute of an object. */
export function attrValue(object: ConnectorObject | undefined, name: string): unknown {
  const values = object?.getAttributeByName(name)?.value;
  return values && values.length === 1 ? values[0] : values;
}

/** One captured log record. */
export interface LogRecord {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

/** A pino-like logger keeping every record. */
export function memoryLogger(): ScriptLogger & { records: LogRecord[] } {
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
