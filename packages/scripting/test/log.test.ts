import { GuardedString, ScriptContext } from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { formatLogMessage, ScriptLog, SecretRedactor } from '../src/index.js';
import { configure, memoryLogger, STATEMENTS } from './helpers.js';

describe('ScriptLog', () => {
  it('prints braces as written: no MessageFormat (seed "cant parse argument number")', () => {
    const logger = memoryLogger();
    const log = new ScriptLog(logger, { script: 'TestScript.ts' });
    log.info('{x}');
    log.info('{"key": "value"}');
    log.info('{0} stays without arguments');
    log.info("It's {not} a pattern, '{0}'");
    expect(logger.lines.map((l) => l.msg)).toEqual([
      '{x}',
      '{"key": "value"}',
      '{0} stays without arguments',
      "It's {not} a pattern, '{0}'",
    ]);
  });

  it('fills {N} placeholders from the arguments and appends unused ones', () => {
    expect(formatLogMessage('user {0} in {1}', ['bob', 'admins'])).toBe('user bob in admins');
    expect(formatLogMessage('{1} before {0}', ['a', 'b'])).toBe('b before a');
    expect(formatLogMessage('{0} and {5}', ['a'])).toBe('a and {5}');
    expect(formatLogMessage('{key} {0}', ['v'])).toBe('{key} v');
    expect(formatLogMessage('values:', [1, true, null, { a: 1 }, [1, 2]])).toBe(
      'values: 1 true null {"a":1} [1, 2]',
    );
  });

  it('accepts any value as the message (Groovy failed on log.info operation)', () => {
    const logger = memoryLogger();
    const log = new ScriptLog(logger, { script: 's' });
    log.info('TEST' as unknown);
    log.info(42);
    log.info({ key: 'value' });
    log.info(10n);
    log.info(undefined);
    log.info(new GuardedString('secret'));
    expect(logger.lines.map((l) => l.msg)).toEqual([
      'TEST',
      '42',
      '{"key":"value"}',
      '10',
      'undefined',
      '[GuardedString]',
    ]);
  });

  it('never throws, whatever it gets', () => {
    const logger = memoryLogger();
    const log = new ScriptLog(logger, { script: 's' });
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => log.info(hostile)).not.toThrow();
    expect(() => log.info('x {0}', cyclic)).not.toThrow();
    expect(() => log.info(Symbol('s'))).not.toThrow();
    const broken = new ScriptLog(
      {
        debug: () => {
          throw new Error('sink down');
        },
        info: () => {
          throw new Error('sink down');
        },
        warn: () => {},
        error: () => {},
      },
      { script: 's' },
    );
    expect(() => broken.info('x')).not.toThrow();
    expect(logger.lines).toHaveLength(3);
  });

  it('routes levels to the pino-like logger; ok and debug go to debug, trace falls back to debug', () => {
    const logger = memoryLogger();
    const log = new ScriptLog(logger, {
      script: 'S.ts',
      connector: 'ScriptedConnector',
      operation: 'SEARCH',
    });
    log.trace('t');
    log.debug('d');
    log.ok('o');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(logger.lines.map((l) => [l.level, l.msg])).toEqual([
      ['trace', 't'],
      ['debug', 'd'],
      ['debug', 'o'],
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
    ]);
    expect(logger.lines[0]!.fields).toEqual({
      script: 'S.ts',
      connector: 'ScriptedConnector',
      operation: 'SEARCH',
    });
    const noTrace = memoryLogger();
    const { trace: _omit, ...rest } = noTrace;
    new ScriptLog(rest, { script: 's' }).trace('x');
    expect(noTrace.lines.map((l) => l.level)).toEqual(['debug']);
  });

  it("attaches an error given first (OpenICF's error(Throwable, String, args…))", () => {
    const logger = memoryLogger();
    const log = new ScriptLog(logger, { script: 's' });
    const error = new Error('boom');
    log.error(error, 'while reading {0}', 'users');
    log.warn(error);
    expect(logger.lines[0]!.msg).toBe('while reading users');
    expect(logger.lines[0]!.fields.err).toMatchObject({ type: 'Error', message: 'boom' });
    expect(logger.lines[1]!.msg).toBe('boom');
  });

  it('redacts secrets, longest first', () => {
    const redactor = new SecretRedactor();
    redactor.add('abc', 'abcdef', '');
    expect(redactor.redact('x abcdef y abc z')).toBe('x **** y **** z');
    expect(redactor.size).toBe(2);
  });
});

describe('log binding of scripts', () => {
  it('is tagged with the connector, the script file and the operation', async () => {
    const logger = memoryLogger();
    const configuration = configure({ scriptRoots: [STATEMENTS], testScriptFileName: 'TestStatement.ts' });
    await configuration.getScriptEngine({ logger, connectorName: 'ScriptedConnector' }).test();
    expect(logger.lines).toContainEqual({
      level: 'info',
      fields: { script: 'TestStatement.ts', connector: 'ScriptedConnector', operation: 'TEST' },
      msg: 'This is TEST script',
    });
  });

  it('prints JSON-looking text from a script unchanged', async () => {
    const logger = memoryLogger();
    const configuration = configure();
    await configuration
      .getScriptEngine({ logger })
      .runScriptOnConnector(
        new ScriptContext('javascript', `log.info('{"key": "value"}'); log.info(operation)`),
      );
    expect(logger.lines.map((l) => l.msg)).toEqual(['{"key": "value"}', 'RUNSCRIPTONCONNECTOR']);
  });
});
