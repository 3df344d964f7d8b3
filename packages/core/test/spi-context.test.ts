/**
 * The connector context (`Connector.init(configuration, context?)`): a connector that takes it receives the
 * host's logger; one written before the context existed (`init(configuration)` only) is still a `Connector`; and
 * pino's calling convention is what `ConnectorLogger` describes.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Configuration,
  type ConfigurationClass,
  type Connector,
  type ConnectorContext,
  type ConnectorLogFn,
  type ConnectorLogger,
  defineConfiguration,
  defineConnector,
} from '../src/index.js';

class PlainConfiguration implements Configuration {
  validate(): void {}
}

const PLAIN: ConfigurationClass<PlainConfiguration> = defineConfiguration({
  create: () => new PlainConfiguration(),
  properties: [],
});

/** Records every call as `[level, fields, message]`. */
function recordingLogger(): ConnectorLogger & { calls: [string, unknown, unknown][] } {
  const calls: [string, unknown, unknown][] = [];
  const at =
    (level: string): ConnectorLogFn =>
    (objOrMsg, msg) =>
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

/** Uses the context: logs at debug when initialised, and at info while working. */
class LoggingConnector implements Connector<PlainConfiguration> {
  #configuration: PlainConfiguration | undefined;
  #log: ConnectorLogger | undefined;

  init(configuration: PlainConfiguration, context?: ConnectorContext): void {
    this.#configuration = configuration;
    this.#log = context?.log;
    this.#log?.debug('initialised');
  }

  work(count: number): void {
    this.#log?.info({ count }, 'worked');
    (this.#log?.trace ?? this.#log?.debug)?.call(this.#log, 'detail');
  }

  dispose(): void {}

  getConfiguration(): PlainConfiguration {
    if (this.#configuration === undefined) throw new Error('not initialised');
    return this.#configuration;
  }
}

/** Written before the context existed: `init` takes the configuration only. */
class LegacyConnector implements Connector<PlainConfiguration> {
  #configuration = new PlainConfiguration();

  init(configuration: PlainConfiguration): void {
    this.#configuration = configuration;
  }

  dispose(): void {}

  getConfiguration(): PlainConfiguration {
    return this.#configuration;
  }
}

describe('ConnectorContext', () => {
  it('init takes an optional context as its second argument', () => {
    expectTypeOf<Connector['init']>().parameter(1).toEqualTypeOf<ConnectorContext | undefined>();
    expectTypeOf<Parameters<Connector['init']>>().toEqualTypeOf<
      [configuration: Configuration, context?: ConnectorContext]
    >();
    expectTypeOf<ConnectorContext['log']>().toEqualTypeOf<ConnectorLogger>();
  });

  it('a connector without the parameter is still a Connector, and the framework may pass a context to it', () => {
    const legacy: Connector<PlainConfiguration> = new LegacyConnector();
    const configuration = new PlainConfiguration();
    expect(() => legacy.init(configuration, { log: recordingLogger() })).not.toThrow();
    expect(legacy.getConfiguration()).toBe(configuration);
    const cls = defineConnector({
      connectorName: 'org.example.Legacy',
      configurationClass: PLAIN,
      displayNameKey: 'legacy',
      create: () => new LegacyConnector(),
    });
    expectTypeOf(cls.create()).toEqualTypeOf<Connector<PlainConfiguration>>();
  });

  it('the connector writes to the logger it was given, pino style', () => {
    const log = recordingLogger();
    const connector = new LoggingConnector();
    connector.init(new PlainConfiguration(), { log });
    connector.work(3);
    expect(log.calls).toEqual([
      ['debug', {}, 'initialised'],
      ['info', { count: 3 }, 'worked'],
      ['trace', {}, 'detail'],
    ]);
  });

  it('works without a context (init called directly) and without trace', () => {
    const connector = new LoggingConnector();
    connector.init(new PlainConfiguration());
    expect(() => connector.work(1)).not.toThrow();
    const { trace: _trace, ...noTrace } = recordingLogger();
    const calls = (noTrace as unknown as { calls: unknown[] }).calls;
    const withoutTrace = new LoggingConnector();
    withoutTrace.init(new PlainConfiguration(), { log: noTrace });
    withoutTrace.work(2);
    expect(calls).toEqual([
      ['debug', {}, 'initialised'],
      ['info', { count: 2 }, 'worked'],
      ['debug', {}, 'detail'],
    ]);
  });

  it('a pino-shaped object fits ConnectorLogger; a logger missing a required level does not', () => {
    expectTypeOf<{
      trace: (obj: object | string, msg?: string) => void;
      debug: (obj: object | string, msg?: string) => void;
      info: (obj: object | string, msg?: string) => void;
      warn: (obj: object | string, msg?: string) => void;
      error: (obj: object | string, msg?: string) => void;
      fatal: (obj: object | string, msg?: string) => void;
      child: (bindings: object) => unknown;
    }>().toExtend<ConnectorLogger>();
    expectTypeOf<{
      info: ConnectorLogFn;
      warn: ConnectorLogFn;
      error: ConnectorLogFn;
    }>().not.toExtend<ConnectorLogger>();
  });
});
