/**
 * The connector classes in-process: identity, the SPI surface that follows the configured scripts, forwarding of
 * every operation with its bindings, the poolable connector's bound schema and health check, and script logs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttributeBuilder,
  ConnectorMessages,
  GuardedString,
  InvalidAttributeValueException,
  InvalidCredentialException,
  long,
  Name,
  ObjectClass,
  OperationOptions,
  Schema,
  ScriptContext,
  SPI_OPERATIONS,
  type SpiOperation,
  type SyncDelta,
  type SyncToken,
  spiOperationsOf,
  Uid,
  VersionRange,
} from '@rcskit/core';
import { manifestFromPackage } from '@rcskit/server';
import { describe, expect, it } from 'vitest';
import {
  GROOVY_BUNDLE_NAME,
  SCRIPTED_CONNECTOR_NAME,
  SCRIPTED_POOLABLE_CONNECTOR_NAME,
  ScriptedConnector,
  ScriptedPoolableConnector,
  scriptedConnector,
  scriptedPoolableConnector,
  setScriptLogger,
  textScriptLogger,
} from '../src/index.js';
import {
  configure,
  EXAMPLE_SCRIPTS,
  FIXTURE_SCRIPTS,
  initialised,
  memoryLogger,
  PACKAGE_DIR,
  search,
  tempDir,
} from './helpers.js';

const THINGS = new ObjectClass('things');
const NO_OPTIONS = OperationOptions.EMPTY;

/** Every operation script property naming the Echo fixture. */
const ECHO_EVERYWHERE = {
  scriptRoots: [FIXTURE_SCRIPTS],
  authenticateScriptFileName: 'Echo.ts',
  createScriptFileName: 'Echo.ts',
  updateScriptFileName: 'Echo.ts',
  deleteScriptFileName: 'Echo.ts',
  resolveUsernameScriptFileName: 'Echo.ts',
  scriptOnResourceScriptFileName: 'Echo.ts',
  searchScriptFileName: 'Echo.ts',
  syncScriptFileName: 'Echo.ts',
  schemaScriptFileName: 'Echo.ts',
  testScriptFileName: 'Echo.ts',
};

interface Call {
  operation: string;
  bindings: string[];
  schemaBound: boolean;
}

describe('identity', () => {
  it('keeps the Java toolkit names, display names and configuration', () => {
    expect(scriptedConnector.connectorName).toBe('org.forgerock.openicf.connectors.groovy.ScriptedConnector');
    expect(scriptedPoolableConnector.connectorName).toBe(
      'org.forgerock.openicf.connectors.groovy.ScriptedPoolableConnector',
    );
    expect(SCRIPTED_CONNECTOR_NAME).toBe(scriptedConnector.connectorName);
    expect(SCRIPTED_POOLABLE_CONNECTOR_NAME).toBe(scriptedPoolableConnector.connectorName);
    expect(scriptedConnector.messages).toBeInstanceOf(ConnectorMessages);
    expect(scriptedConnector.messages.format(scriptedConnector.displayNameKey, '')).toBe(
      'Scripted Groovy Connector',
    );
    expect(scriptedPoolableConnector.messages.format(scriptedPoolableConnector.displayNameKey, '')).toBe(
      'Scripted Poolable Groovy Connector',
    );
    const names = scriptedConnector.configurationClass.properties.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['scriptRoots', 'schemaScriptFileName', 'customConfiguration']),
    );
    for (const name of names) {
      expect(scriptedConnector.messages.format(`${name}.display`, '')).not.toBe(`${name}.display`);
      expect(scriptedConnector.messages.format(`${name}.help`, '')).not.toBe(`${name}.help`);
    }
  });

  it('advertises bundle version 1.5.20.15, which the seed connectorRef pins, from npm version 1.5.15', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
    expect(pkg.version).toBe('1.5.15');
    // npm major.minor.patch → OpenICF major.minor.20.patch (docs/bundles.md#versions-follow-releases).
    expect(pkg.rcskit.bundle.bundleVersion).toBe('{major}.{minor}.20.{patch}');
    const bundle = manifestFromPackage(PACKAGE_DIR, pkg)!;
    expect(bundle.bundleName).toBe(GROOVY_BUNDLE_NAME);
    expect(bundle.connectors).toEqual([
      { connectorName: SCRIPTED_CONNECTOR_NAME, export: 'scriptedConnector' },
      { connectorName: SCRIPTED_POOLABLE_CONNECTOR_NAME, export: 'scriptedPoolableConnector' },
    ]);
    // The seed's provisioner files pin "bundleVersion": "1.5.20.15" exactly; a range such as IDM's
    // "[1.5.0.0,1.6.0.0)" must accept it too.
    expect(VersionRange.parse('1.5.20.15').isInRange(bundle.bundleVersion)).toBe(true);
    expect(VersionRange.parse('[1.5.0.0,1.6.0.0)').isInRange(bundle.bundleVersion)).toBe(true);
    expect(VersionRange.parse('1.5.20.15').isInRange('1.5.20')).toBe(false);
  });
});

describe('SPI surface', () => {
  const everything: SpiOperation[] = [
    'AuthenticateOp',
    'ResolveUsernameOp',
    'CreateOp',
    'DeleteOp',
    'SearchOp',
    'UpdateOp',
    'UpdateAttributeValuesOp',
    'SchemaOp',
    'TestOp',
    'ScriptOnConnectorOp',
    'ScriptOnResourceOp',
    'SyncOp',
  ];

  it('an un-initialised instance (the runtime probe) shows every operation the toolkit implements', () => {
    for (const connectorClass of [scriptedConnector, scriptedPoolableConnector]) {
      expect(spiOperationsOf(connectorClass.create())).toEqual(
        SPI_OPERATIONS.filter((op) => everything.includes(op)),
      );
    }
  });

  it('an initialised instance offers only the operations whose script is configured', () => {
    const configuration = configure({
      schemaScriptFileName: 'SchemaScript.ts',
      searchScriptFileName: 'SearchScript.ts',
    });
    for (const connector of [new ScriptedConnector(), new ScriptedPoolableConnector()]) {
      initialised(connector, configuration);
      expect(spiOperationsOf(connector)).toEqual(['SearchOp', 'SchemaOp', 'TestOp', 'ScriptOnConnectorOp']);
      expect(connector.operations).toEqual(spiOperationsOf(connector));
      expect((connector as unknown as Record<string, unknown>).create).toBeUndefined();
      expect(Object.keys(connector)).toEqual([]);
    }
  });

  it('a missing search script: no SearchOp; an update script: UpdateOp and UpdateAttributeValuesOp', () => {
    const connector = initialised(
      new ScriptedConnector(),
      configure({
        scriptRoots: [FIXTURE_SCRIPTS],
        schemaScriptFileName: 'Echo.ts',
        updateScriptFileName: 'Echo.ts',
      }),
    );
    const ops = spiOperationsOf(connector);
    expect(ops).not.toContain('SearchOp');
    expect(ops).toEqual(['UpdateOp', 'UpdateAttributeValuesOp', 'SchemaOp', 'TestOp', 'ScriptOnConnectorOp']);
  });

  it('every script configured: every operation', () => {
    const connector = initialised(new ScriptedConnector(), configure(ECHO_EVERYWHERE));
    expect(spiOperationsOf(connector)).toEqual(SPI_OPERATIONS.filter((op) => everything.includes(op)));
  });
});

describe('operations are forwarded to the scripts with their bindings', () => {
  it('ScriptedConnector: every operation, no schema binding', async () => {
    const configuration = configure(ECHO_EVERYWHERE);
    const connector = initialised(new ScriptedConnector(), configuration);

    expect(
      (await connector.authenticate(ObjectClass.ACCOUNT, 'bob', new GuardedString('secret'), NO_OPTIONS))
        .uidValue,
    ).toBe('uid-bob');
    await expect(
      connector.authenticate(ObjectClass.ACCOUNT, 'bob', new GuardedString('wrong'), NO_OPTIONS),
    ).rejects.toBeInstanceOf(InvalidCredentialException);
    expect((await connector.resolveUsername(ObjectClass.ACCOUNT, 'bob', NO_OPTIONS)).uidValue).toBe(
      'uid-bob',
    );
    const created = await connector.create(
      THINGS,
      [new Name('thing-1'), AttributeBuilder.build('size', 3)],
      NO_OPTIONS,
    );
    expect(created.uidValue).toBe('thing-1');
    const uid = new Uid('thing-1');
    const size = [AttributeBuilder.build('size', 4)];
    expect((await connector.update(THINGS, uid, size, NO_OPTIONS)).uidValue).toBe('thing-1');
    expect((await connector.addAttributeValues(THINGS, uid, size, NO_OPTIONS)).uidValue).toBe('thing-1');
    expect((await connector.removeAttributeValues(THINGS, uid, size, NO_OPTIONS)).uidValue).toBe('thing-1');
    await connector.delete(THINGS, uid, NO_OPTIONS);

    const schema = await connector.schema();
    expect(schema.findObjectClassInfo('things')).toBeDefined();

    const found = await search(connector, THINGS);
    expect(found.uids).toEqual(['one']);
    expect(found.result?.pagedResultsCookie).toBe('next-page');

    const deltas: SyncDelta[] = [];
    let final: SyncToken | null = null;
    await connector.sync(
      THINGS,
      null,
      {
        handle: (delta) => {
          deltas.push(delta);
          return true;
        },
        handleResult: (token) => {
          final = token;
        },
      },
      NO_OPTIONS,
    );
    expect(deltas.map((d) => [d.deltaType, d.uid.uidValue])).toEqual([['CREATE_OR_UPDATE', 'one']]);
    // A JavaScript integer token is a Long (scripting's rule).
    expect((final as SyncToken | null)?.value).toEqual(long(5));
    expect((await connector.getLatestSyncToken(THINGS))?.value).toEqual(long(7));

    await connector.test();

    const onResource = await connector.runScriptOnResource(
      new ScriptContext('typescript', 'text', { arg1: 'value1' }),
      NO_OPTIONS,
    );
    expect(onResource).toEqual(
      new Map<string, unknown>([
        ['text', 'text'],
        ['language', 'typescript'],
        ['args', new Map([['arg1', 'value1']])],
      ]),
    );

    const calls = configuration.propertyBag.calls as Call[];
    expect(calls.map((c) => c.operation)).toEqual([
      'AUTHENTICATE',
      'AUTHENTICATE',
      'RESOLVE_USERNAME',
      'CREATE',
      'UPDATE',
      'ADD_ATTRIBUTE_VALUES',
      'REMOVE_ATTRIBUTE_VALUES',
      'DELETE',
      'SCHEMA',
      'SEARCH',
      'SYNC',
      'GET_LATEST_SYNC_TOKEN',
      'TEST',
      'RUNSCRIPTONRESOURCE',
    ]);
    expect(calls.every((c) => !c.schemaBound && !c.bindings.includes('schema'))).toBe(true);
    expect(calls.find((c) => c.operation === 'CREATE')?.bindings).toEqual([
      'operation',
      'configuration',
      'log',
      'objectClass',
      'options',
      'attributes',
      'id',
    ]);
    expect(calls.find((c) => c.operation === 'SEARCH')?.bindings).toEqual(
      expect.arrayContaining(['objectClass', 'options', 'filter', 'query', 'handler']),
    );
  });

  it('runScriptOnConnector runs the request text (javascript), rejects groovy', async () => {
    const connector = initialised(new ScriptedConnector(), configure(ECHO_EVERYWHERE));
    expect(
      String(await connector.runScriptOnConnector(new ScriptContext('javascript', '4 * 4'), NO_OPTIONS)),
    ).toBe('16');
    await expect(
      connector.runScriptOnConnector(new ScriptContext('groovy', '4 * 4'), NO_OPTIONS),
    ).rejects.toBeInstanceOf(InvalidAttributeValueException);
  });
});

describe('ScriptedPoolableConnector', () => {
  it('binds its schema in every script but the schema script, building it once per instance', async () => {
    const configuration = configure(ECHO_EVERYWHERE);
    const connector = initialised(new ScriptedPoolableConnector(), configuration);

    const found = await search(connector, THINGS);
    expect(found.objects[0]?.getAttributeByName('schemaBound')?.value).toEqual([true]);
    await connector.create(THINGS, [new Name('x')], NO_OPTIONS);
    await connector.test();
    await connector
      .runScriptOnConnector(
        new ScriptContext('javascript', 'schema.findObjectClassInfo("things").type'),
        NO_OPTIONS,
      )
      .then((type) => {
        expect(type).toBe('things');
      });
    expect(configuration.propertyBag.schemaRuns).toBe(1);

    const calls = configuration.propertyBag.calls as Call[];
    const others = calls.filter((c) => c.operation !== 'SCHEMA');
    expect(others.map((c) => c.operation)).toEqual(['SEARCH', 'CREATE', 'TEST']);
    expect(others.every((c) => c.schemaBound)).toBe(true);
    expect(calls.filter((c) => c.operation === 'SCHEMA').every((c) => !c.bindings.includes('schema'))).toBe(
      true,
    );

    // The schema operation runs the script again and refreshes the bound schema.
    const schema = await connector.schema();
    expect(schema).toBeInstanceOf(Schema);
    expect(await connector.boundSchema()).toBe(schema);
    expect(configuration.propertyBag.schemaRuns).toBe(2);

    // Another instance builds its own.
    const second = initialised(new ScriptedPoolableConnector(), configuration);
    await second.create(THINGS, [new Name('y')], NO_OPTIONS);
    expect(configuration.propertyBag.schemaRuns).toBe(3);
  });

  it('binds schema null without a schema script', async () => {
    const connector = initialised(
      new ScriptedPoolableConnector(),
      configure({ scriptRoots: [FIXTURE_SCRIPTS], createScriptFileName: 'Echo.ts' }),
    );
    await connector.create(THINGS, [new Name('x')], NO_OPTIONS);
    const calls = connector.getConfiguration().propertyBag.calls as Call[];
    expect(calls[0]?.bindings).toContain('schema');
    expect(calls[0]?.schemaBound).toBe(false);
    expect(await connector.boundSchema()).toBeNull();
  });

  it('checkAlive fails once disposed or once the configuration is released', async () => {
    const configuration = configure(ECHO_EVERYWHERE);
    const alive = initialised(new ScriptedPoolableConnector(), configuration);
    expect(() => alive.checkAlive()).not.toThrow();
    const disposed = initialised(new ScriptedPoolableConnector(), configuration);
    disposed.dispose();
    expect(() => disposed.checkAlive()).toThrow(/disposed/);
    await configuration.release();
    expect(() => alive.checkAlive()).toThrow(/released/);
  });
});

describe('script logs', () => {
  it('go to the logger set with setScriptLogger, tagged with the connector, script and operation', async () => {
    const logger = memoryLogger();
    setScriptLogger(logger);
    const connector = initialised(
      new ScriptedConnector(),
      configure({ testScriptFileName: 'TestScript.ts', customConfiguration: "key1 = 'value1'" }),
    );
    await connector.test();
    const line = logger.records.find((r) => r.msg === 'This is TEST script');
    expect(line?.level).toBe('info');
    expect(line?.fields).toMatchObject({ connector: 'ScriptedConnector', operation: 'TEST' });
    expect(String(line?.fields.script)).toContain('TestScript.ts');
    expect(logger.records.map((r) => r.msg)).toContain('propertyBag.key1 = value1');
  });

  it('the default logger writes one text line per record at or above its level', () => {
    const lines: string[] = [];
    const logger = textScriptLogger('info', (line) => lines.push(line));
    logger.debug({ script: 'S.ts' }, 'hidden');
    logger.info(
      { script: 'TestScript.ts', operation: 'TEST', connector: 'ScriptedConnector' },
      'This is TEST script',
    );
    logger.error(
      { script: 'S.ts', err: { message: 'boom', stack: 'Error: boom\n    at S.ts:1:1' } },
      'failed',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT.* INFO {2}\[ScriptedConnector\] TestScript\.ts TEST: This is TEST script\n$/,
    );
    expect(lines[1]).toContain('ERROR S.ts: failed\nError: boom');
    const silent: string[] = [];
    textScriptLogger('silent', (line) => silent.push(line)).error('x');
    expect(silent).toEqual([]);
  });
});

describe('test operation', () => {
  it('validates the configuration first: a missing script root fails', async () => {
    const missing = join(tempDir(), 'nowhere');
    for (const connector of [new ScriptedConnector(), new ScriptedPoolableConnector()]) {
      initialised(connector, configure({ scriptRoots: [missing], schemaScriptFileName: 'SchemaScript.ts' }));
      await expect(connector.test()).rejects.toThrow(/not a directory/);
    }
  });

  it('runs the example test script: it fails when the data files cannot be read', async () => {
    const dir = tempDir();
    const { cpSync } = await import('node:fs');
    cpSync(EXAMPLE_SCRIPTS, join(dir, 'scripts'), { recursive: true });
    const connector = initialised(
      new ScriptedConnector(),
      configure({ scriptRoots: [join(dir, 'scripts')], testScriptFileName: 'TestScript.ts' }),
    );
    await expect(connector.test()).rejects.toThrow(/Cannot read the SCIM data file .*users\.json/);
  });
});
