import {
  ConnectorException,
  ConnectorObjectBuilder,
  InvalidAttributeValueException,
  JavaBigInteger,
  JavaDouble,
  JavaInteger,
  JavaLong,
  OperationOptionsBuilder,
  ScriptContext,
  SyncToken,
  Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { toWireValue } from '../src/index.js';
import { configure, memoryLogger } from './helpers.js';

/** The options IDM sends with a system action (a transaction id). */
const options = new OperationOptionsBuilder()
  .setOption('CAUD_TRANSACTION_ID', '1659985544219-55e3d75b5a1adc2a72f9-134922/0/4')
  .build();

const onConnector = async (
  language: string,
  text: string,
  args: Record<string, unknown> = {},
  fields = {},
) => {
  const logger = memoryLogger();
  const configuration = configure(fields);
  const result = await configuration
    .getScriptEngine({ logger })
    .runScriptOnConnector(new ScriptContext(language, text, args), options);
  return { result, logger, configuration };
};

const I = (n: number) => new JavaInteger(n);

describe('runScriptOnConnector (seed "systemActions")', () => {
  it('script-1: prints its bindings and returns [1, 2, 3]', async () => {
    const { result, logger, configuration } = await onConnector(
      'javascript',
      "log.info('actionSource bindings: '); log.info(String(bindings)); [1, 2, 3];",
      { arg1: 'value1' },
    );
    expect(result).toEqual([I(1), I(2), I(3)]);
    expect(logger.lines.map((l) => l.msg)).toEqual([
      'actionSource bindings: ',
      `[arg1:value1, operation:RUNSCRIPTONCONNECTOR, options:OperationOptions: {CAUD_TRANSACTION_ID=1659985544219-55e3d75b5a1adc2a72f9-134922/0/4}, configuration:${configuration}, log:ScriptLog(runScriptOnConnector)]`,
    ]);
  });

  it('script-1, first action: the bindings listing as the result (binding.variables.toString())', async () => {
    const { result } = await onConnector('js', 'String(bindings);', { arg1: 'Arg1', param1: 'Param1' });
    expect(result).toMatch(
      /^\[arg1:Arg1, param1:Param1, operation:RUNSCRIPTONCONNECTOR, options:OperationOptions: \{CAUD_TRANSACTION_ID=[^}]+\}, configuration:ScriptedConfiguration@\d+, log:ScriptLog\(runScriptOnConnector\)\]$/,
    );
  });

  it('script-1, second action: 4 * 4 is an Integer', async () => {
    const { result } = await onConnector('js', '4 * 4');
    expect(result).toEqual(I(16));
  });

  it('a println-only script returns null', async () => {
    const { result } = await onConnector(
      'js',
      "log.info('actionSource bindings: '); log.info(String(bindings));",
    );
    expect(result).toBeNull();
  });

  it('accepts TypeScript (typescript or ts, any case)', async () => {
    expect((await onConnector('TypeScript', 'const n: number = 2; n ** 10')).result).toEqual(I(1024));
    expect((await onConnector('TS', "const s: string = 'ok'; s")).result).toBe('ok');
    expect((await onConnector('ECMAScript', '1.5')).result).toEqual(new JavaDouble(1.5));
  });

  it('sees the request arguments of every JSON type as plain values (seed request-body table)', async () => {
    // What the wire delivers for { arg1: 'value1', arg2: { arg3: 1, arg4: 1.1, arg5: [..], arg6: true, arg7: null, arg8: undefined } }.
    const arg2 = new Map<string, unknown>([
      ['arg3', I(1)],
      ['arg5', ['value3', 'value4']],
      ['arg4', new JavaDouble(1.1)],
      ['arg7', null],
      ['arg6', true],
    ]);
    const text = [
      '({',
      '  arg1: typeof arg1,',
      '  arg2: typeof arg2,',
      '  arg3: [typeof arg2.arg3, Number.isInteger(arg2.arg3), arg2.arg3 + 1],',
      '  arg4: [typeof arg2.arg4, arg2.arg4 * 2],',
      '  arg5: [Array.isArray(arg2.arg5), arg2.arg5.join("+")],',
      '  arg6: arg2.arg6 === true,',
      '  arg7: arg2.arg7 === null,',
      "  arg8: 'arg8' in arg2,",
      '  keys: Object.keys(bindings),',
      '})',
    ].join('\n');
    const { result } = await onConnector('js', text, { arg1: 'value1', arg2 });
    expect(result).toEqual(
      new Map<string, unknown>([
        ['arg1', 'string'],
        ['arg2', 'object'],
        ['arg3', ['number', true, I(2)]],
        ['arg4', ['number', new JavaDouble(2.2)]],
        ['arg5', [true, 'value3+value4']],
        ['arg6', true],
        ['arg7', true],
        ['arg8', false],
        ['keys', ['arg1', 'arg2', 'operation', 'options', 'configuration', 'log']],
      ]),
    );
  });

  it('returns the arguments back with their Java types', async () => {
    const { result } = await onConnector('js', '[arg2, big, long]', {
      arg2: new Map<string, unknown>([
        ['i', I(1)],
        ['d', new JavaDouble(1.1)],
        ['l', ['a']],
        ['n', null],
      ]),
      big: new JavaLong(2n ** 60n),
      long: new JavaLong(5_000_000_000n),
    });
    expect(result).toEqual([
      new Map<string, unknown>([
        ['i', I(1)],
        ['d', new JavaDouble(1.1)],
        ['l', ['a']],
        ['n', null],
      ]),
      new JavaLong(2n ** 60n),
      new JavaLong(5_000_000_000n),
    ]);
  });

  it('arguments that are not identifiers are reachable through bindings only', async () => {
    const { result } = await onConnector('js', "bindings['my-arg'] + ':' + typeof bindings.signal", {
      'my-arg': 'x',
    });
    expect(result).toBe('x:object');
  });

  it('the engine bindings win over arguments of the same name', async () => {
    const { result } = await onConnector('js', 'operation', { operation: 'forged' });
    expect(result).toBe('RUNSCRIPTONCONNECTOR');
  });

  const unserialisable: [string, string, RegExp][] = [
    ['a function', '() => 1', /^No serializer for class: function$/],
    ['a class', 'class Foo {}; Foo', /^No serializer for class: class Foo$/],
    [
      'a class instance inside a map',
      'class Node {}; ({ entry: new Node() })',
      /^No serializer for class: Node \(at \$\.entry\)$/,
    ],
    [
      'a Date',
      'new Date(0)',
      /^No serializer for class: Date; return date\.getTime\(\) or date\.toISOString\(\) instead$/,
    ],
    ['a symbol in a list', "[1, Symbol('s')]", /^No serializer for class: symbol \(at \$\[1\]\)$/],
    ['a cyclic structure', 'const a = []; a.push(a); a', /cyclic structure \(at \$\[0\]\)/],
  ];
  for (const [label, text, message] of unserialisable) {
    it(`rejects ${label} like the Java RCS ("No serializer for class")`, async () => {
      const error = await onConnector('js', text).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorException);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('awaits a Promise result', async () => {
    expect((await onConnector('js', 'Promise.resolve([true])')).result).toEqual([true]);
  });

  it('rejects Groovy with the accepted languages named', async () => {
    const error = await onConnector('groovy', "println 'x'").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAttributeValueException);
    expect((error as Error).message).toBe(
      "Script language 'groovy' is not supported (Groovy scripts cannot run in rcskit): use javascript (js) or typescript (ts)",
    );
    await expect(onConnector('shell', 'ls')).rejects.toThrow(
      /'shell' is not supported: use javascript \(js\) or typescript \(ts\)/,
    );
  });

  it('can be disabled by configuration', async () => {
    const error = await onConnector('js', '1', {}, { enableScriptOnConnector: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsupportedOperationException);
    expect((error as Error).message).toMatch(/disabled .*'enableScriptOnConnector' is false/);
  });
});

describe('runScriptOnResource', () => {
  const onResource = (
    text: string,
    language = 'javascript',
    args: Record<string, unknown> = { arg1: 'value1' },
  ) =>
    configure({ scriptOnResourceScriptFileName: 'ScriptOnResourceScript.ts' })
      .getScriptEngine()
      .runScriptOnResource(new ScriptContext(language, text, args), options);

  it('gives the hosted script the request text, language and arguments; its result goes back', async () => {
    expect(await onResource('[1, 2, 3]')).toEqual([I(1), I(2), I(3)]);
    expect(await onResource('args.arg1')).toBe('value1');
    expect(await onResource("const x: number = 2; ({ a: 'a', b: x })", 'ts')).toEqual(
      new Map<string, unknown>([
        ['a', 'a'],
        ['b', I(2)],
      ]),
    );
  });

  it("the hosted script's own bindings (seed: scriptArguments, scriptText, scriptLanguage, operation, options…)", async () => {
    expect(await onResource('bindings')).toEqual([
      'operation',
      'configuration',
      'log',
      'scriptArguments',
      'scriptText',
      'scriptLanguage',
      'options',
    ]);
  });

  it('checks the result for the wire too', async () => {
    await expect(onResource('new Date(0)')).rejects.toThrow(/^No serializer for class: Date/);
  });
});

describe('toWireValue', () => {
  it('converts numbers, bigints, plain objects, Sets and Maps; passes framework objects', () => {
    const object = new ConnectorObjectBuilder().setUid('u').setName('n').build();
    const bytes = Buffer.from('hi');
    const converted = toWireValue({
      int: 7,
      long: 2 ** 40,
      double: 0.5,
      bigLong: 12n,
      bigInteger: 2n ** 70n,
      bytes,
      set: new Set([1]),
      map: new Map<unknown, unknown>([[1, 'one']]),
      uid: new Uid('x'),
      object,
      token: new SyncToken('t'),
      nothing: undefined,
    }) as Map<string, unknown>;
    expect(converted.get('int')).toEqual(I(7));
    expect(converted.get('long')).toEqual(new JavaLong(2n ** 40n));
    expect(converted.get('double')).toEqual(new JavaDouble(0.5));
    expect(converted.get('bigLong')).toEqual(new JavaLong(12n));
    expect(converted.get('bigInteger')).toEqual(new JavaBigInteger(2n ** 70n));
    expect(converted.get('bytes')).toEqual(new Uint8Array(bytes));
    expect(converted.get('set')).toEqual(new Set([I(1)]));
    expect(converted.get('map')).toEqual(new Map([[I(1), 'one']]));
    expect(converted.get('uid')).toEqual(new Uid('x'));
    expect(converted.get('object')).toBe(object);
    expect(converted.get('nothing')).toBeNull();
  });

  it('converts values of another realm (vm contexts)', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext("({ list: [1, 'a'], map: new Map([['k', 2]]) })");
    expect(toWireValue(foreign)).toEqual(
      new Map<string, unknown>([
        ['list', [I(1), 'a']],
        ['map', new Map([['k', I(2)]])],
      ]),
    );
  });
});
