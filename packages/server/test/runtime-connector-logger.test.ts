/**
 * The logger the runtime hands connectors: `init(configuration, context)` gets `context.log`, a child of the
 * connector logger bound with the connector's bundle name, bundle version and connector name — the same context
 * for every instance of a facade, pooled or not — and the registry builds it from the process logger.
 */
import { type ConnectorContext, ConnectorKey, GuardedString, ScriptContext } from '@rcskit/core';
import { facadeKeyOf } from '@rcskit/transport';
import { describe, expect, it } from 'vitest';
import { LocalConnectorRegistry } from '../src/runtime/connector-registry.js';
import { childLogger, type RuntimeLogger } from '../src/runtime/logger.js';
import { capturingLogger } from './fixtures/support.js';
import { BUNDLE, customConnector, facadeFor, type MemoryConfiguration } from './runtime-helpers.js';

const KEY = new ConnectorKey(BUNDLE.bundleName, BUNDLE.bundleVersion, 'test.Logging');

/** A connector class whose instances keep their context and log through it in runScriptOnConnector. */
function loggingConnector(contexts: (ConnectorContext | undefined)[], poolable = false) {
  return customConnector('test.Logging', () => {
    let configuration: MemoryConfiguration | undefined;
    let log: ConnectorContext['log'] | undefined;
    return {
      init(c: MemoryConfiguration, context?: ConnectorContext) {
        configuration = c;
        log = context?.log;
        contexts.push(context);
      },
      dispose() {},
      getConfiguration: () => configuration,
      ...(poolable ? { checkAlive() {} } : {}),
      runScriptOnConnector(request: ScriptContext) {
        log?.debug({ script: request.scriptText }, 'connector debug');
        log?.info({ script: request.scriptText, password: 'pw-in-a-field' }, 'connector info');
        log?.warn(`connector warn ${new GuardedString('guarded-secret')}`);
        return 'done';
      },
    };
  });
}

/** A RuntimeLogger without `child`, recording `[level, fields, message]`. */
function recorder(): RuntimeLogger & { calls: [string, unknown, unknown][] } {
  const calls: [string, unknown, unknown][] = [];
  const at = (level: string) => (objOrMsg: object | string, msg?: string) =>
    void calls.push(typeof objOrMsg === 'string' ? [level, {}, objOrMsg] : [level, objOrMsg, msg]);
  return {
    calls,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

describe('LocalConnectorFacade: the connector context', () => {
  it('init gets a context whose log carries the connector identity, one context per facade', async () => {
    const contexts: (ConnectorContext | undefined)[] = [];
    const connectorLogger = recorder();
    const facade = facadeFor(loggingConnector(contexts), undefined, {
      connectorKey: KEY,
      logger: recorder(),
      connectorLogger,
    });
    await facade.runScriptOnConnector(scriptContext('one'));
    await facade.runScriptOnConnector(scriptContext('two'));
    expect(contexts).toHaveLength(2);
    expect(contexts[0]).toBeDefined();
    expect(contexts[1]).toBe(contexts[0]);
    const identity = { bundleName: 'test.bundle', bundleVersion: '1.0.0', connectorName: 'test.Logging' };
    expect(connectorLogger.calls.slice(0, 3)).toEqual([
      ['debug', { ...identity, script: 'one' }, 'connector debug'],
      ['info', { ...identity, script: 'one', password: 'pw-in-a-field' }, 'connector info'],
      ['warn', identity, 'connector warn [GuardedString]'],
    ]);
    await facade.dispose();
  });

  it('pooled instances get the same context; without connectorLogger the facade logger is used', async () => {
    const contexts: (ConnectorContext | undefined)[] = [];
    const logger = recorder();
    const facade = facadeFor(loggingConnector(contexts, true), undefined, { connectorKey: KEY, logger });
    expect(facade.pooling).toBe(true);
    await Promise.all([
      facade.runScriptOnConnector(scriptContext('a')),
      facade.runScriptOnConnector(scriptContext('b')),
    ]);
    expect(contexts.length).toBeGreaterThanOrEqual(1);
    for (const context of contexts) expect(context).toBe(contexts[0]);
    expect(logger.calls.filter(([, , msg]) => msg === 'connector info')).toHaveLength(2);
    expect(logger.calls.find(([, , msg]) => msg === 'connector info')?.[1]).toMatchObject({
      connectorName: 'test.Logging',
      bundleName: 'test.bundle',
    });
    await facade.dispose();
  });

  it('without a key only the connector name is bound; without any logger the context logs nowhere', async () => {
    const contexts: (ConnectorContext | undefined)[] = [];
    const connectorLogger = recorder();
    const facade = facadeFor(loggingConnector(contexts), undefined, { connectorLogger });
    await facade.runScriptOnConnector(scriptContext('x'));
    expect(connectorLogger.calls[0]?.[1]).toEqual({ connectorName: 'test.Logging', script: 'x' });
    await facade.dispose();

    const silent = facadeFor(loggingConnector(contexts));
    expect(await silent.runScriptOnConnector(scriptContext('y'))).toBe('done');
    expect(typeof contexts.at(-1)?.log.info).toBe('function');
    await silent.dispose();
  });

  it('childLogger keeps trace when the logger has it', () => {
    const base = recorder();
    childLogger(base, { a: 1 }).trace?.('fine');
    expect(base.calls).toEqual([['trace', { a: 1 }, 'fine']]);
  });
});

/** Registers the logging connector, runs its script `s` through a registry facade, closes the registry. */
async function runThroughRegistry(options: ConstructorParameters<typeof LocalConnectorRegistry>[0]) {
  const registry = new LocalConnectorRegistry(options);
  const info = registry.register(loggingConnector([]), BUNDLE);
  const configuration = info.createDefaultAPIConfiguration();
  configuration.configurationProperties.setValue('prefix', 'p');
  const facade = await registry.facade(info.connectorKey, facadeKeyOf(configuration));
  await facade.runScriptOnConnector(scriptContext('s'));
  await registry.close();
}

describe('LocalConnectorRegistry: connector lines in the process log', () => {
  it('a pino logger: component connector, identity bound, level filtered, redaction applied', async () => {
    const { logger, lines } = capturingLogger('info');
    await runThroughRegistry({
      logger: logger.child({ component: 'runtime' }),
      connectorLogger: logger.child({ component: 'connector' }),
    });
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const connectorLines = records.filter((r) => r.component === 'connector');
    expect(connectorLines.map((r) => [r.level, r.msg])).toEqual([
      [30, 'connector info'],
      [40, 'connector warn [GuardedString]'],
    ]);
    expect(connectorLines[0]).toMatchObject({
      bundleName: 'test.bundle',
      bundleVersion: '1.0.0',
      connectorName: 'test.Logging',
      script: 's',
      password: '********',
    });
    const text = lines.join('\n');
    expect(text).not.toContain('pw-in-a-field');
    expect(text).not.toContain('guarded-secret');
  });

  it('without a connectorLogger, connector lines go to a child of the runtime logger tagged scope: connector', async () => {
    const logger = recorder();
    await runThroughRegistry({ logger });
    expect(logger.calls.find(([, , msg]) => msg === 'connector info')?.[1]).toMatchObject({
      scope: 'connector',
      connectorName: 'test.Logging',
    });
  });
});

function scriptContext(text: string): ScriptContext {
  return new ScriptContext('javascript', text);
}
