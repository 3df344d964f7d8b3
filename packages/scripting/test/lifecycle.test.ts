import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AlreadyExistsException,
  AttributeBuilder,
  applyConfigurationProperties,
  ConfigurationException,
  ConnectorException,
  configurationPropertiesOf,
  GuardedString,
  InvalidCredentialException,
  Name,
  ObjectClass,
  OperationTimeoutException,
  ScriptContext,
  Uid,
  UnknownUidException,
  UnsupportedOperationException,
} from '@rcskit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedConfiguration, ScriptedConfigurationClass } from '../src/index.js';
import { configure, JS, MODULES, memoryLogger, STATEMENTS, tempDir } from './helpers.js';

const account = ObjectClass.ACCOUNT;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function scratch(): string {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  return dir.path;
}

const createWith = (configuration: ScriptedConfiguration, name = 'x') =>
  configuration.getScriptEngine().create({ objectClass: account, attributes: [new Name(name)] });

describe('recompilation', () => {
  it('reloads a changed script after minimumRecompilationInterval, without a restart', async () => {
    const dir = scratch();
    const file = join(dir, 'Create.ts');
    writeFileSync(file, "export default (): string => 'v1';\n");
    const configuration = configure({
      scriptRoots: [dir],
      createScriptFileName: 'Create.ts',
      recompileGroovySource: true,
      minimumRecompilationInterval: 150,
    });
    expect((await createWith(configuration)).uidValue).toBe('v1');
    writeFileSync(file, "export default (): string => 'version-2';\n");
    // Within the interval the file is not checked again.
    expect((await createWith(configuration)).uidValue).toBe('v1');
    await sleep(200);
    expect((await createWith(configuration)).uidValue).toBe('version-2');
  });

  it('keeps the first compilation when recompilation is off', async () => {
    const dir = scratch();
    const file = join(dir, 'Create.js');
    writeFileSync(file, "'v1'\n");
    const configuration = configure({
      scriptRoots: [dir],
      createScriptFileName: 'Create.js',
      minimumRecompilationInterval: 0,
    });
    expect((await createWith(configuration)).uidValue).toBe('v1');
    writeFileSync(file, "'version-2'\n");
    await sleep(20);
    expect((await createWith(configuration)).uidValue).toBe('v1');
  });

  it('reloads a script when a helper it imports changes; a module body runs once per load', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'lib.ts'), "export const value: string = 'one';\n");
    writeFileSync(
      join(dir, 'Create.ts'),
      [
        "import { value } from './lib.js';",
        'let loads = 0;',
        'loads++;',
        'export default () => value + "-" + loads;',
      ].join('\n'),
    );
    const configuration = configure({
      scriptRoots: [dir],
      createScriptFileName: 'Create',
      scriptExtensions: ['ts'],
      recompileGroovySource: true,
      minimumRecompilationInterval: 0,
    });
    expect((await createWith(configuration)).uidValue).toBe('one-1');
    expect((await createWith(configuration)).uidValue).toBe('one-1');
    writeFileSync(join(dir, 'lib.ts'), "export const value: string = 'two!';\n");
    await sleep(10);
    expect((await createWith(configuration)).uidValue).toBe('two!-1');
  });
});

describe('operations follow the configured scripts', () => {
  it('a missing script makes its operation unsupported; availableOperations lists the configured ones', async () => {
    const configuration = configure({ createScriptFileName: 'CreateScript.ts', syncScriptFileName: ' ' });
    const engine = configuration.getScriptEngine();
    expect(engine.availableOperations()).toEqual(['CreateOp', 'TestOp', 'ScriptOnConnectorOp']);
    const runs: [string, () => Promise<unknown>][] = [
      ['DELETE', () => engine.delete({ objectClass: account, uid: new Uid('x') })],
      ['SEARCH', () => engine.search({ objectClass: account, filter: null, handler: () => true })],
      ['SYNC', () => engine.sync({ objectClass: account, token: null, handler: { handle: () => true } })],
      ['GET_LATEST_SYNC_TOKEN', () => engine.getLatestSyncToken({ objectClass: account })],
      ['SCHEMA', () => engine.schema()],
      ['RUNSCRIPTONRESOURCE', () => engine.runScriptOnResource(new ScriptContext('js', 'x'))],
    ];
    for (const [operation, run] of runs) {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedOperationException);
      expect((error as Error).message).toMatch(
        new RegExp(`^${operation} is not supported: no script is configured`),
      );
    }
    // TEST succeeds without a script.
    await expect(engine.test()).resolves.toBeUndefined();
  });

  it('every configured script adds its operation', () => {
    const configuration = configure({
      authenticateScriptFileName: 'a',
      createScriptFileName: 'a',
      updateScriptFileName: 'a',
      deleteScriptFileName: 'a',
      resolveUsernameScriptFileName: 'a',
      scriptOnResourceScriptFileName: 'a',
      searchScriptFileName: 'a',
      syncScriptFileName: 'a',
      schemaScriptFileName: 'a',
      testScriptFileName: 'a',
    });
    expect(configuration.getScriptEngine().availableOperations()).toEqual([
      'AuthenticateOp',
      'ResolveUsernameOp',
      'CreateOp',
      'DeleteOp',
      'SearchOp',
      'UpdateOp',
      'SchemaOp',
      'TestOp',
      'ScriptOnConnectorOp',
      'ScriptOnResourceOp',
      'SyncOp',
    ]);
  });

  it('runs the CRUD scripts end to end', async () => {
    const configuration = configure({
      createScriptFileName: 'CreateScript.ts',
      updateScriptFileName: 'UpdateScript.ts',
      deleteScriptFileName: 'DeleteScript.ts',
      authenticateScriptFileName: 'AuthenticateScript.ts',
      resolveUsernameScriptFileName: 'ResolveUsernameScript.ts',
    });
    const engine = configuration.getScriptEngine();
    const attributes = [
      new Name('bob'),
      AttributeBuilder.buildPassword(new GuardedString('pw')),
      AttributeBuilder.build('mail', 'b@x'),
    ];
    expect(await engine.create({ objectClass: account, attributes })).toEqual(new Uid('bob'));
    await expect(engine.create({ objectClass: account, attributes })).rejects.toBeInstanceOf(
      AlreadyExistsException,
    );
    expect(
      await engine.authenticate({ objectClass: account, username: 'bob', password: new GuardedString('pw') }),
    ).toEqual(new Uid('bob'));
    await expect(
      engine.authenticate({ objectClass: account, username: 'bob', password: new GuardedString('nope') }),
    ).rejects.toBeInstanceOf(InvalidCredentialException);
    expect(await engine.resolveUsername({ objectClass: account, username: 'bob' })).toEqual(new Uid('bob'));
    const renamed = await engine.update({
      objectClass: account,
      uid: new Uid('bob'),
      attributes: [new Name('robert')],
    });
    expect(renamed).toEqual(new Uid('robert'));
    await engine.delete({ objectClass: account, uid: renamed });
    const error = await engine.delete({ objectClass: account, uid: renamed }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownUidException);
    expect((error as Error).message).toBe('Object robert not found');
  });
});

describe('validation', () => {
  it('requires scriptRoots', async () => {
    const configuration = configure({ scriptRoots: null });
    await expect(configuration.validate()).rejects.toThrow(
      new ConfigurationException("Missing required 'scriptRoots' configuration property"),
    );
  });

  it('checks that every root is a directory; accepts file: URLs, rejects other URLs', async () => {
    await expect(configure({ scriptRoots: [join(MODULES, 'nope')] }).validate()).rejects.toThrow(
      /is not a directory/,
    );
    await expect(
      configure({ scriptRoots: ['jar:file:connectors/groovy.jar!/scripts/'] }).validate(),
    ).rejects.toThrow(/only directories \(paths or file: URLs\)/);
    const configuration = configure({
      scriptRoots: [pathToFileURL(MODULES).href],
      createScriptFileName: 'CreateScript.ts',
    });
    await expect(configuration.validate()).resolves.toBeUndefined();
  });

  it('loads and compiles every configured operation script', async () => {
    await expect(configure({ searchScriptFileName: 'Nope.ts' }).validate()).rejects.toThrow(
      /searchScriptFileName 'Nope.ts' not found in scriptRoots/,
    );
    const dir = scratch();
    writeFileSync(join(dir, 'Broken.ts'), 'export default function (: number) {}\n');
    const error = await configure({ scriptRoots: [dir], deleteScriptFileName: 'Broken.ts' })
      .validate()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorException);
    expect((error as Error).message).toMatch(
      /^Syntax error in .*Broken\.ts:1:26: Parameter declaration expected/,
    );
  });

  it('rejects Groovy scripts and Groovy-only extensions with a clear message', async () => {
    await expect(configure({ testScriptFileName: 'TestScript.groovy' }).validate()).rejects.toThrow(
      /the extension '\.groovy' is not one of the scriptExtensions .* Groovy scripts cannot run in rcskit/,
    );
    await expect(configure({ scriptExtensions: ['groovy'] }).validate()).rejects.toThrow(
      /None of the scriptExtensions \[groovy\] can run here/,
    );
  });

  it("applies an IDM provisioner's configurationProperties through the framework", async () => {
    const properties = configurationPropertiesOf(ScriptedConfigurationClass).setValues({
      scriptExtensions: ['ts'],
      scriptRoots: [MODULES],
      scriptOnResourceScriptFileName: null,
      authenticateScriptFileName: null,
      customizerScriptFileName: null,
      schemaScriptFileName: 'SchemaScript.ts',
      searchScriptFileName: 'SearchScript.ts',
      testScriptFileName: 'Capture.ts',
      scriptBaseClass: null,
      recompileGroovySource: true,
      minimumRecompilationInterval: 100,
      classpath: [],
      customConfiguration: "kadmin { user = 'openidm/admin' }",
      customSensitiveConfiguration: "kadmin { password = 'Passw0rd' }",
    });
    const configuration = applyConfigurationProperties(ScriptedConfigurationClass, properties);
    expect(configuration.scriptRoots).toEqual([MODULES]);
    expect(configuration.customSensitiveConfiguration).toBeInstanceOf(GuardedString);
    await configuration.validate();
    expect(configuration.propertyBag).toEqual({ kadmin: { user: 'openidm/admin', password: 'Passw0rd' } });
    const schema = await configuration.getScriptEngine().schema();
    expect(schema.findObjectClassInfo('users')).toBeDefined();
  });

  it('describes the OpenICF properties with their defaults', () => {
    const defaults = new Map(
      ScriptedConfigurationClass.properties.map((p) => [
        p.name,
        (ScriptedConfigurationClass.create() as never)[p.name],
      ]),
    );
    expect(Object.fromEntries(defaults)).toMatchObject({
      scriptRoots: null,
      scriptExtensions: ['js', 'mjs', 'ts', 'mts'],
      recompileGroovySource: false,
      minimumRecompilationInterval: 100,
      warningLevel: 1,
      sourceEncoding: 'UTF-8',
      tolerance: 10,
      classpath: [],
      verbose: false,
      debug: false,
      scriptBaseClass: null,
      customConfiguration: null,
      customSensitiveConfiguration: null,
      scriptTimeoutMillis: 0,
      enableScriptOnConnector: true,
    });
    const byName = new Map(ScriptedConfigurationClass.properties.map((p) => [p.name, p]));
    expect(byName.get('scriptRoots')?.required).toBe(true);
    expect(byName.get('customSensitiveConfiguration')).toMatchObject({
      type: 'GuardedString',
      confidential: true,
    });
    expect(byName.get('searchScriptFileName')?.operations).toEqual(['SearchOp']);
  });
});

describe('engine options', () => {
  it('an engine created by validate() before any init takes the options of the first caller that has some', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'Create.js'), "log.info('created by script'); 'u1'\n");
    const configuration = configure({ scriptRoots: [dir], createScriptFileName: 'Create.js' });
    // The framework validates a configuration before a connector's init gives the engine its logger.
    await configuration.validate();
    const logger = memoryLogger();
    const engine = configuration.getScriptEngine({ logger, connectorName: 'Late' });
    expect((await createWith(configuration)).uidValue).toBe('u1');
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'created by script',
        fields: expect.objectContaining({ connector: 'Late' }),
      }),
    );
    // Options are fixed from then on.
    const other = memoryLogger();
    expect(configuration.getScriptEngine({ logger: other })).toBe(engine);
    await createWith(configuration);
    expect(other.lines).toHaveLength(0);
  });
});

describe('errors and timeouts', () => {
  it('turns other failures into a ConnectorException with the same message, logging the script stack', async () => {
    const logger = memoryLogger();
    const configuration = configure({ scriptRoots: [JS], testScriptFileName: 'Throws.js' });
    const error = (await configuration
      .getScriptEngine({ logger, connectorName: 'ScriptedConnector' })
      .test()
      .catch((e: unknown) => e)) as ConnectorException;
    expect(error.constructor).toBe(ConnectorException);
    expect(error.message).toBe('cannot test');
    const line = logger.lines.find((l) => l.level === 'error')!;
    expect(line.msg).toBe('TEST script failed: cannot test');
    expect(line.fields).toMatchObject({
      connector: 'ScriptedConnector',
      script: 'Throws.js',
      operation: 'TEST',
    });
    expect((line.fields.err as { stack: string }).stack).toContain(`${join(JS, 'Throws.js')}:4:9`);
  });

  it('wraps thrown non-errors', async () => {
    const configuration = configure();
    await expect(
      configuration.getScriptEngine().runScriptOnConnector(new ScriptContext('js', "throw 'plain text'")),
    ).rejects.toThrow(new ConnectorException('plain text'));
  });

  it('fails a script that never settles with OperationTimeoutException and aborts its signal', async () => {
    const configuration = configure({ scriptTimeoutMillis: 100 });
    const started = Date.now();
    const error = await configuration
      .getScriptEngine()
      .runScriptOnConnector(
        new ScriptContext('js', 'globalThis.__rcskitSignal = signal; await new Promise(() => {})'),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationTimeoutException);
    expect((error as Error).message).toMatch(
      /RUNSCRIPTONCONNECTOR script runScriptOnConnector did not complete within 100 ms/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(((globalThis as Record<string, unknown>).__rcskitSignal as AbortSignal).aborted).toBe(true);
  });

  it('stops a synchronous endless loop too', async () => {
    const configuration = configure({ scriptTimeoutMillis: 100 });
    await expect(
      configuration.getScriptEngine().runScriptOnConnector(new ScriptContext('js', 'while (true) {}')),
    ).rejects.toBeInstanceOf(OperationTimeoutException);
  });

  it('the engine option overrides the configured timeout', async () => {
    const configuration = configure({ scriptTimeoutMillis: 0 });
    await expect(
      configuration
        .getScriptEngine({ timeoutMs: 50 })
        .runScriptOnConnector(new ScriptContext('js', 'await new Promise((r) => setTimeout(r, 1000))')),
    ).rejects.toBeInstanceOf(OperationTimeoutException);
  });
});

describe('customizer and release', () => {
  it('runs the customizer once, keeps its hooks, and calls release on configuration release', async () => {
    const logger = memoryLogger();
    const configuration = configure({
      customizerScriptFileName: 'Customizer.ts',
      createScriptFileName: 'Capture.ts',
    });
    configuration.propertyBag.result = 'u';
    const engine = configuration.getScriptEngine({ logger });
    await createWith(configuration);
    await createWith(configuration);
    expect(configuration.propertyBag.customized).toBe(1);
    expect(engine.customizer.decorate?.('client', configuration)).toEqual({ decorated: 'client' });
    expect(logger.lines.map((l) => l.msg)).toContain('customizer ran');
    await configuration.release();
    expect((globalThis as Record<string, unknown>).__rcskitCustomizerReleased).toBe(configuration.toString());
    expect(configuration.propertyBag).toEqual({});
    await expect(engine.test()).rejects.toThrow('The script engine has been released');
    expect(configuration.getScriptEngine()).not.toBe(engine);
  });

  it('a statement customizer registers hooks with customize()', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'Customizer.js'),
      "customize({ init: () => 'built' }); configuration.propertyBag.x = 1;\n",
    );
    const configuration = configure({ scriptRoots: [dir], customizerScriptFileName: 'Customizer.js' });
    const engine = configuration.getScriptEngine();
    await engine.validate();
    expect(engine.customizer.init?.(null, configuration)).toBe('built');
    expect(configuration.propertyBag.x).toBe(1);
  });
});

describe('module scripts in a statement directory', () => {
  it('a .ts statement script logs and reaches bindings', async () => {
    const configuration = configure({ scriptRoots: [STATEMENTS], testScriptFileName: 'TestStatement.ts' });
    await configuration.getScriptEngine().test();
    expect(configuration.propertyBag.testBindings).toMatch(
      /^\[operation:TEST, configuration:ScriptedConfiguration@\d+, log:ScriptLog\(TestStatement\.ts\)\]$/,
    );
  });
});
