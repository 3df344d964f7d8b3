import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttributeBuilder,
  ConnectorException,
  Name,
  ObjectClass,
  OperationOptions,
  ScriptContext,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { evaluateScript } from '../src/index.js';
import { configure, JS, MODULES, STATEMENTS, tempDir } from './helpers.js';

function makeAttr(name: string, value: string) {
  return AttributeBuilder.build(name, value);
}

const create = (fields: Record<string, unknown>, name = 'bob', extra: Record<string, string> = {}) =>
  configure(fields)
    .getScriptEngine()
    .create({
      objectClass: ObjectClass.ACCOUNT,
      attributes: [new Name(name), ...Object.entries(extra).map(([k, v]) => makeAttr(k, v))],
    });

describe('script forms', () => {
  it('runs a TypeScript module: the default export receives the bindings', async () => {
    const configuration = configure({ createScriptFileName: 'CreateScript.ts' });
    const uid = await configuration.getScriptEngine().create({
      objectClass: ObjectClass.ACCOUNT,
      attributes: [new Name('alice'), makeAttr('mail', 'alice@example.com')],
    });
    expect(uid).toEqual(new Uid('alice'));
  });

  it('runs a JavaScript module (.mjs) with ESM syntax', async () => {
    const uid = await create({ scriptRoots: [JS], createScriptFileName: 'CreateModule.mjs' }, 'bob', {
      mail: 'bob@example.com',
    });
    expect(uid.uidValue).toBe('bob:bob@example.com');
  });

  it('runs an async JavaScript module (.js) that imports a helper, a built-in and @rcskit/scripting', async () => {
    const uid = await create({ scriptRoots: [JS], createScriptFileName: 'CreateModule' });
    expect(uid).toBeInstanceOf(Uid);
    expect(uid.uidValue).toMatch(/^h-[0-9a-f]{8}$/);
  });

  it('runs a JavaScript statement script: bindings are variables, the last expression is the result', async () => {
    const uid = await create({ scriptRoots: [STATEMENTS], createScriptFileName: 'Uid.js' }, 'carol');
    expect(uid.uidValue).toBe('CAROL');
  });

  it('runs a TypeScript statement script (types stripped)', async () => {
    const configuration = configure({ scriptRoots: [STATEMENTS], schemaScriptFileName: 'SchemaMinimal.ts' });
    const schema = await configuration.getScriptEngine().schema();
    expect([...schema.objectClassInfo].map((i) => i.type)).toEqual(['__ACCOUNT__']);
  });

  it('resolves a name without extension with scriptExtensions, in order', async () => {
    const configuration = configure({ scriptRoots: [STATEMENTS], schemaScriptFileName: 'SchemaMinimal' });
    // js comes before ts in the default order.
    await expect(configuration.getScriptEngine().schema()).resolves.toBeDefined();
    const tsFirst = configure({
      scriptRoots: [STATEMENTS],
      schemaScriptFileName: 'SchemaMinimal',
      scriptExtensions: ['ts', 'js'],
    });
    await expect(tsFirst.getScriptEngine().schema()).resolves.toBeDefined();
  });

  it('searches every root in order', async () => {
    const configuration = configure({ scriptRoots: [JS, STATEMENTS], createScriptFileName: 'Uid.js' });
    const uid = await configuration.getScriptEngine().create({
      objectClass: ObjectClass.ACCOUNT,
      attributes: [new Name('dave')],
    });
    expect(uid.uidValue).toBe('DAVE');
  });
});

describe('completion value of statement scripts', () => {
  const cases: [string, string, unknown][] = [
    ['an expression', '4 * 4', 16],
    ['an array literal', '[1, 2, 3]', [1, 2, 3]],
    ['a parenthesised object literal', "({ a: 'a', b: 'b' })", { a: 'a', b: 'b' }],
    ['the last of several statements', 'const x = 2; x * 21', 42],
    ['a trailing if/else', 'const n = 3; if (n > 2) { "big" } else { "small" }', 'big'],
    ['a trailing if without else that does not match', 'if (false) { 1 }', undefined],
    ['the try block of a trailing try', 'try { 1 + 1 } catch (e) { -1 }', 2],
    ['the catch block of a trailing try', 'try { throw new Error("x") } catch (e) { e.message }', 'x'],
    ['an explicit top-level return', 'if (true) return "early"; "late"', 'early'],
    ['top-level await', 'await Promise.resolve(7)', 7],
    ['a trailing declaration (no value)', 'const y = 5;', undefined],
    ['a trailing function declaration (no value)', 'function f() { return 1 }', undefined],
    ['a call that returns nothing', '(() => {})()', undefined],
  ];
  for (const [label, text, expected] of cases) {
    it(label, async () => {
      expect(await evaluateScript(text)).toEqual(expected);
    });
  }

  it('TypeScript text: types are stripped, interfaces and type aliases do not count as last statement', async () => {
    const text = 'const n: number = 6;\nn * 7;\ninterface Unused { a: string }\ntype Alias = number;';
    expect(await evaluateScript(text, { language: 'typescript' })).toBe(42);
  });

  it('a script may shadow a binding with its own declaration', async () => {
    expect(
      await evaluateScript("const operation = 'mine'; operation", { variables: { operation: 'TEST' } }),
    ).toBe('mine');
  });

  it('common framework classes are available to statement scripts without imports', async () => {
    const configuration = configure({ scriptRoots: [MODULES] });
    const result = await configuration
      .getScriptEngine()
      .runScriptOnConnector(
        new ScriptContext('js', "new Uid('x').uidValue + ':' + new SearchResult('c', -1).pagedResultsCookie"),
        OperationOptions.EMPTY,
      );
    expect(result).toBe('x:c');
  });

  it('a statement script may import', async () => {
    const text = "import { ObjectClass } from '@rcskit/scripting';\nObjectClass.ACCOUNT_NAME";
    expect(await evaluateScript(text, { language: 'ts' })).toBe('__ACCOUNT__');
  });
});

describe('syntax errors and stack traces', () => {
  it('reports a syntax error with the file, line and column', async () => {
    await expect(evaluateScript('const a = 1;\nconst b = ;', { filename: 'broken' })).rejects.toThrow(
      /Syntax error in broken-\d+\.js:2:11: Expression expected/,
    );
  });

  it('rejects TypeScript syntax in JavaScript', async () => {
    await expect(evaluateScript('const a: number = 1;')).rejects.toThrow(
      /can only be used in TypeScript files/,
    );
  });

  it('reports errors V8 finds at compile time with the original line', async () => {
    await expect(
      evaluateScript('// one\n// two\nconst dup = 1;\nconst dup = 2;', { language: 'ts', filename: 'dup' }),
    ).rejects.toThrow(/Syntax error in dup-\d+\.ts:4: .*already been declared/);
  });

  it('a TypeScript module error points at the .ts file and line', async () => {
    const configuration = configure({ testScriptFileName: 'Throws.ts' });
    const error = (await configuration
      .getScriptEngine()
      .test()
      .catch((e: unknown) => e)) as ConnectorException;
    expect(error).toBeInstanceOf(ConnectorException);
    expect(error.message).toBe('failing TEST with 42');
    const cause = error.cause as Error;
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.stack).toContain(`${join(MODULES, 'Throws.ts')}:10:`);
  });

  it('a TypeScript statement error points at the .ts file and line', async () => {
    const configuration = configure({ scriptRoots: [STATEMENTS], testScriptFileName: 'Throws.ts' });
    const error = (await configuration
      .getScriptEngine()
      .test()
      .catch((e: unknown) => e)) as ConnectorException;
    expect(error.message).toBe('too many sides for TEST');
    expect((error.cause as Error).stack).toMatch(new RegExp(`${join(STATEMENTS, 'Throws.ts')}:6:\\d+`));
  });

  it('maps stacks of scripts whose path contains spaces', async () => {
    const dir = tempDir('rcskit scripting ');
    try {
      const file = join(dir.path, 'Fail Here.ts');
      writeFileSync(file, 'type T = string;\n\nconst t: T = "x";\nthrow new Error(t);\n');
      const configuration = configure({ scriptRoots: [dir.path], testScriptFileName: 'Fail Here.ts' });
      const error = (await configuration
        .getScriptEngine()
        .test()
        .catch((e: unknown) => e)) as ConnectorException;
      expect((error.cause as Error).stack).toContain(`${file}:4:7`);
    } finally {
      dir.cleanup();
    }
  });

  it('a JavaScript error points at the .js file, line and column', async () => {
    const configuration = configure({ scriptRoots: [JS], testScriptFileName: 'Throws.js' });
    const error = (await configuration
      .getScriptEngine()
      .test()
      .catch((e: unknown) => e)) as ConnectorException;
    expect(error.message).toBe('cannot test');
    const stack = (error.cause as Error).stack ?? '';
    expect(stack).toContain(`${join(JS, 'Throws.js')}:4:9`);
    expect(stack).toContain(`${join(JS, 'Throws.js')}:6:1`);
  });
});
