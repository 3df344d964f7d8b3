import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyConfigurationProperties,
  ConfigurationException,
  ConfigurationProperties,
  ConfigurationProperty,
  configurationPropertiesOf,
  JavaInteger,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { csvFileConnector } from '../src/index.js';
import { configFor, connectorFor, FIXTURES, fixtureCopy, tempDir } from './helpers.js';

describe('bundle identity', () => {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, '..', '..', 'package.json'), 'utf8'));

  it('keeps the Java bundle and connector names, version 1.5.20 inside the seed ranges', () => {
    expect(manifest.version).toBe('1.5.20');
    expect(manifest.rcskit.bundle.bundleName).toBe('org.forgerock.openicf.connectors.csvfile-connector');
    expect(manifest.rcskit.bundle.connectors).toEqual([
      { connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector', export: 'csvFileConnector' },
    ]);
  });

  it('exports the connector class with its display name', () => {
    expect(csvFileConnector.connectorName).toBe('org.forgerock.openicf.csvfile.CSVFileConnector');
    expect(csvFileConnector.displayNameKey).toBe('connector_name.display');
    expect(csvFileConnector.messages.format('connector_name.display')).toBe('CSV File Connector');
  });

  it('has a display and help text for every property', () => {
    for (const property of csvFileConnector.configurationClass.properties) {
      expect(csvFileConnector.messages.lookup(`${property.name}.display`), property.name).toBeTruthy();
      expect(csvFileConnector.messages.lookup(`${property.name}.help`), property.name).toBeTruthy();
    }
  });
});

describe('configuration properties', () => {
  it('has the OpenICF names, types and defaults', () => {
    const props = configurationPropertiesOf(csvFileConnector.configurationClass);
    const view = Object.fromEntries(props.properties.map((p) => [p.name, [p.type, p.value, p.required]]));
    expect(view).toMatchObject({
      csvFile: ['File', null, true],
      headerUid: ['String', 'uid', false],
      headerPassword: ['String', 'password', false],
      headerName: ['String', null, false],
      quoteCharacter: ['String', '"', false],
      fieldDelimiter: ['String', ',', false],
      newlineString: ['String', '\n', false],
      encoding: ['String', 'utf-8', false],
      multivalueDelimiter: ['String', null, false],
      syncFileRetentionCount: ['int', new JavaInteger(3), false],
    });
    expect(props.properties[0]?.name).toBe('csvFile');
  });

  it('builds a configuration from an IDM-style property set', async () => {
    const file = fixtureCopy('hr.csv');
    const config = applyConfigurationProperties(
      csvFileConnector.configurationClass,
      new ConfigurationProperties([
        new ConfigurationProperty({ name: 'csvFile', type: 'File', value: file }),
      ]),
    );
    expect(config.csvFile).toBe(file);
    await expect(config.validate()).resolves.toBeUndefined();
  });
});

describe('validate', () => {
  const fails = async (file: string | null, message: RegExp, overrides = {}) => {
    const config = configFor(file as string, overrides);
    await expect(config.validate()).rejects.toThrow(ConfigurationException);
    await expect(config.validate()).rejects.toThrow(message);
  };

  it('accepts the seed file', async () => {
    await expect(configFor(fixtureCopy('hr.csv')).validate()).resolves.toBeUndefined();
  });

  it('requires csvFile', () => fails(null, /Missing required configuration property: 'csvFile'/));
  it('requires an existing file', () => fails(join(tempDir(), 'nope.csv'), /does not exist/));
  it('requires a regular file', () => {
    const dir = join(tempDir(), 'dir.csv');
    mkdirSync(dir);
    return fails(dir, /is not a regular file/);
  });
  it('requires a header line', () => fails(fixtureCopy('empty.csv'), /has no header line/));
  it('requires the uid column', () =>
    fails(fixtureCopy('no-uid-column.csv'), /does not contain required uid column/));
  it('honours headerUid', async () => {
    await expect(configFor(fixtureCopy('no-uid-column.csv'), { headerUid: 'id' }).validate()).resolves.toBe(
      undefined,
    );
  });
  it('requires the headerName column when set', () =>
    fails(fixtureCopy('hr.csv'), /does not contain required login column/, { headerName: 'login' }));
  it('rejects an empty column name', () =>
    fails(fixtureCopy('empty-header-cell.csv'), /Invalid empty header/));
  it('rejects duplicate column names (case-insensitive)', () =>
    fails(fixtureCopy('duplicate-header.csv'), /Header contains duplicate columns/));
  it('rejects a multi-character delimiter', () =>
    fails(fixtureCopy('hr.csv'), /fieldDelimiter' must be exactly one character/, { fieldDelimiter: ', ' }));
  it('rejects equal quote and delimiter', () =>
    fails(fixtureCopy('hr.csv'), /must differ/, { quoteCharacter: ',' }));
  it('rejects an unknown newline', () =>
    fails(fixtureCopy('hr.csv'), /newlineString/, { newlineString: '\n\n' }));
  it('rejects an unsupported encoding', () =>
    fails(fixtureCopy('hr.csv'), /Unsupported encoding 'EBCDIC'/, { encoding: 'EBCDIC' }));
  it('rejects a retention count below 1', () =>
    fails(fixtureCopy('hr.csv'), /syncFileRetentionCount/, { syncFileRetentionCount: 0 }));
  it('rejects multi-valued columns that do not exist', () =>
    fails(fixtureCopy('hr.csv'), /multivalueAttributes names 'groups'/, {
      multivalueDelimiter: ';',
      multivalueAttributes: ['groups'],
    }));
  it('rejects the uid column as multi-valued', () =>
    fails(fixtureCopy('hr.csv'), /must not name the uid/, {
      multivalueDelimiter: ';',
      multivalueAttributes: ['uid'],
    }));
  it('rejects multivalueAttributes without a delimiter', () =>
    fails(fixtureCopy('hr.csv'), /needs a multivalueDelimiter/, { multivalueAttributes: ['email'] }));

  it.skipIf(process.getuid?.() === 0)('rejects a read-only file', async () => {
    const file = fixtureCopy('hr.csv');
    chmodSync(file, 0o444);
    await fails(file, /is not writable/);
  });

  it('test() runs the same checks', async () => {
    await expect(connectorFor(fixtureCopy('hr.csv')).test()).resolves.toBeUndefined();
    await expect(connectorFor(fixtureCopy('duplicate-header.csv')).test()).rejects.toThrow(
      /duplicate columns/,
    );
  });
});
