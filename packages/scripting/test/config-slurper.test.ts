import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationException, GuardedString } from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { mergeConfig, parseConfigSlurper } from '../src/index.js';
import { configure, FIXTURES, memoryLogger } from './helpers.js';

interface Fixture {
  customConfiguration: string;
  customConfigurationWithNewLines: string;
  customSensitiveConfiguration: string;
  printedPaths: string[];
  expectedPlain: string[];
  expectedWithSensitive: string[];
  kerberosExample: { customConfiguration: string; customSensitiveConfiguration: string; expected: unknown };
}

const fixture = JSON.parse(
  readFileSync(join(FIXTURES, 'config', 'custom-configuration.json'), 'utf8'),
) as Fixture;

/** `println configuration.propertyBag.<path>` for each printed path of the seed. */
function printed(bag: Record<string, unknown>): unknown[] {
  return fixture.printedPaths.map((path) =>
    path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], bag),
  );
}

describe('ConfigSlurper parser', () => {
  it("parses the seed's customConfiguration into exactly its eight propertyBag values", () => {
    const parsed = parseConfigSlurper(fixture.customConfiguration);
    expect(printed(parsed)).toEqual(fixture.expectedPlain);
    expect(parsed).toEqual({
      key1: 'value1',
      key2: 'value2',
      map1: { key1: 'value3', key2: 'value4' },
      map2: { key1: 'value5', key2: 'value6' },
      map3: { key1: 'value7', key2: 'value8' },
    });
  });

  it('accepts new lines as separators, as the seed shows', () => {
    expect(parseConfigSlurper(fixture.customConfigurationWithNewLines)).toEqual(
      parseConfigSlurper(fixture.customConfiguration),
    );
  });

  it('parses literals: numbers, booleans, null, lists, maps, strings with escapes, comments', () => {
    const text = [
      '// a comment',
      'a = 1; b = -2.5; c = 1e3; d = 0x1F; e = 1_000L; big = 9007199254740993',
      '/* block',
      '   comment */ t = true; f = false; n = null',
      "list = [1, 'x', [2, 3], [k: 'v']]",
      "map = [k1: 1, 'k 2': \"two\", 3: 'three', nested: [a: [b: 'c']]]",
      'empty = [:]; none = []',
      "s1 = 'it\\'s'; s2 = \"tab\\there\\nline \\u00e9 $5\"",
      "multi = '''line1",
      "line2'''",
      'outer { inner { deep = 1 }; dotted.key = 2 }',
      'outer.inner.more = 3',
      "'quoted key' = 'ok'",
    ].join('\n');
    expect(parseConfigSlurper(text)).toEqual({
      a: 1,
      b: -2.5,
      c: 1000,
      d: 31,
      e: 1000,
      big: 9007199254740993n,
      t: true,
      f: false,
      n: null,
      list: [1, 'x', [2, 3], { k: 'v' }],
      map: { k1: 1, 'k 2': 'two', '3': 'three', nested: { a: { b: 'c' } } },
      empty: {},
      none: [],
      s1: "it's",
      s2: 'tab\there\nline é $5',
      multi: 'line1\nline2',
      outer: { inner: { deep: 1, more: 3 }, dotted: { key: 2 } },
      'quoted key': 'ok',
    });
  });

  it('a later assignment wins; a block adds to an existing map', () => {
    expect(parseConfigSlurper('a = 1; a = 2; m { x = 1 }; m { y = 2 }; m.z = 3')).toEqual({
      a: 2,
      m: { x: 1, y: 2, z: 3 },
    });
  });

  it('keeps keys such as __proto__ as plain data', () => {
    const parsed = parseConfigSlurper("__proto__ = 'x'; constructor { a = 1 }");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor']);
    expect(parsed.__proto__).toBe('x');
  });

  const errors: [string, string, RegExp][] = [
    ['a missing value', 'a = 1\nb = ', /line 2, column 5: expected a value/],
    ['a missing operator', 'a 1', /line 1, column 3: expected '=' or '\{' after 'a'/],
    ['an unterminated string', "a = 'abc", /line 1, column 5: unterminated string/],
    ['an unclosed block', 'a {\n b = 1', /line 2, column 7: expected '\}' to close the block/],
    ['a stray brace', 'a = 1 }', /line 1, column 7: unexpected '\}'/],
    ['an unclosed list', 'a = [1, 2', /line 1, column 5: expected '\]' to close the list/],
    ['a reference', 'a = other', /line 1, column 5: unsupported value 'other'/],
    ['interpolation', 'a = "$' + '{x}"', /line 1, column 6: GString interpolation/],
    ['two statements on a line', 'a = 1 b = 2', /line 1, column 7: expected ';' or a new line/],
    ['a value used as a block', 'a = 1; a.b = 2', /line 1, column 8: 'a' already holds a value/],
    ['a bad escape', "a = 'x\\q'", /line 1, column 7: invalid escape/],
  ];
  for (const [label, text, message] of errors) {
    it(`reports ${label} as a ConfigurationException with line and column`, () => {
      const error = (() => {
        try {
          parseConfigSlurper(text, { label: 'customConfiguration' });
        } catch (e) {
          return e;
        }
        return undefined;
      })() as Error;
      expect(error).toBeInstanceOf(ConfigurationException);
      expect(error.message).toMatch(/^customConfiguration: syntax error at /);
      expect(error.message).toMatch(message);
    });
  }

  it('never quotes the text of a secret in an error', () => {
    let message = '';
    try {
      parseConfigSlurper("password = 'hunter2' trailing-secret", {
        label: 'customSensitiveConfiguration',
        revealText: false,
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^customSensitiveConfiguration: syntax error at line 1, column 22/);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('trailing');
  });

  it('merges without overwrite (customConfiguration) and with overwrite (customSensitiveConfiguration)', () => {
    const bag: Record<string, unknown> = { key1: 'set by a script' };
    mergeConfig(bag, parseConfigSlurper(fixture.customConfiguration), false);
    expect(bag.key1).toBe('set by a script');
    mergeConfig(bag, parseConfigSlurper(fixture.customSensitiveConfiguration), true);
    expect(bag.key1).toBe('sensitive-value1');
  });
});

describe('customConfiguration and customSensitiveConfiguration in propertyBag', () => {
  it("fills propertyBag with the seed's eight values", async () => {
    const configuration = configure({
      customConfiguration: fixture.customConfiguration,
      testScriptFileName: 'Capture.ts',
    });
    await configuration.getScriptEngine().test();
    expect(printed(configuration.propertyBag)).toEqual(fixture.expectedPlain);
  });

  it("lets the sensitive configuration override, giving the seed's values", async () => {
    const configuration = configure({
      customConfiguration: fixture.customConfiguration,
      customSensitiveConfiguration: new GuardedString(fixture.customSensitiveConfiguration),
      testScriptFileName: 'Capture.ts',
    });
    await configuration.getScriptEngine().test();
    expect(printed(configuration.propertyBag)).toEqual(fixture.expectedWithSensitive);
  });

  it('merges the Kerberos example of the docs into one map', async () => {
    const example = fixture.kerberosExample;
    const configuration = configure({
      customConfiguration: example.customConfiguration,
      customSensitiveConfiguration: new GuardedString(example.customSensitiveConfiguration),
    });
    await configuration.validate();
    expect(configuration.propertyBag).toEqual(example.expected);
  });

  it('is shared by the scripts of a configuration and cleared by release()', async () => {
    const configuration = configure({
      customConfiguration: fixture.customConfiguration,
      testScriptFileName: 'Capture.ts',
    });
    await configuration.getScriptEngine().test();
    configuration.propertyBag.fromScript = 1;
    await configuration.release();
    expect(configuration.propertyBag).toEqual({});
    await configuration.getScriptEngine().test();
    expect(configuration.propertyBag.key1).toBe('value1');
  });

  it('validate() reports a syntax error without revealing a secret', async () => {
    const configuration = configure({
      customSensitiveConfiguration: new GuardedString("token = 'abc' 'leaked'"),
    });
    const error = (await configuration.validate().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationException);
    expect(error.message).toMatch(/^customSensitiveConfiguration: syntax error at line 1, column 15/);
    expect(error.message).not.toContain('leaked');
  });

  it('redacts sensitive values from script logs', async () => {
    const logger = memoryLogger();
    const configuration = configure({
      customSensitiveConfiguration: new GuardedString("oauth2 { client_secret = 's3cr3t-value' }"),
      enableScriptOnConnector: true,
    });
    await configuration
      .getScriptEngine({ logger })
      .runScriptOnConnector(
        new (await import('@rcskit/core')).ScriptContext(
          'js',
          "log.info('secret is ' + configuration.propertyBag.oauth2.client_secret); log.error(new Error('x s3cr3t-value y'), 'failed {0}', configuration.propertyBag.oauth2.client_secret)",
        ),
      );
    const text = JSON.stringify(logger.lines);
    expect(text).not.toContain('s3cr3t-value');
    expect(logger.lines.map((l) => l.msg)).toEqual(['secret is ****', 'failed ****']);
  });
});
