import { describe, expect, it } from 'vitest';
import {
  APIConfiguration,
  ConfigurationProperties,
  ConfigurationProperty,
  ConnectorInfo,
  ConnectorKey,
  ConnectorMessages,
  copyConfigValue,
  formatMessage,
  localeSearchList,
  NO_TIMEOUT,
  normalizeLocale,
  ObjectPoolConfiguration,
  ResultsHandlerConfiguration,
  toConfigValue,
} from '../src/api/index.js';
import { IllegalArgumentException } from '../src/errors.js';
import { Script } from '../src/objects/script.js';
import {
  char,
  double,
  float,
  int,
  JavaCharacter,
  type JavaDouble,
  JavaFloat,
  JavaInteger,
  JavaLong,
  long,
} from '../src/values/boxed.js';
import { GuardedByteArray, GuardedString } from '../src/values/guarded.js';
import { CONFIGURATION_TYPES } from '../src/values/java-type.js';
import { arrayOf, JavaArray, JavaFile, JavaURI } from '../src/values/value.js';

function clear(secret: GuardedString): string {
  return secret.access((s) => s);
}

describe('ConnectorKey', () => {
  const key = new ConnectorKey('org.example.csv', '1.5.0.0', 'org.example.CsvConnector');

  it('compares all three parts with exact case', () => {
    expect(key.equals(new ConnectorKey('org.example.csv', '1.5.0.0', 'org.example.CsvConnector'))).toBe(true);
    expect(key.equals(new ConnectorKey('org.example.CSV', '1.5.0.0', 'org.example.CsvConnector'))).toBe(
      false,
    );
    expect(key.equals(new ConnectorKey('org.example.csv', '1.5.0.1', 'org.example.CsvConnector'))).toBe(
      false,
    );
    expect(key.equals(new ConnectorKey('org.example.csv', '1.5.0.0', 'org.example.csvconnector'))).toBe(
      false,
    );
    expect(key.equals({ ...key.toJSON() })).toBe(false);
  });

  it('rejects blank parts', () => {
    expect(() => new ConnectorKey(' ', '1.0', 'C')).toThrow(IllegalArgumentException);
    expect(() => new ConnectorKey('b', '', 'C')).toThrow(/bundleVersion/);
    expect(() => new ConnectorKey('b', '1.0', undefined as unknown as string)).toThrow(/connectorName/);
  });

  it('has toString, toJSON, from() and a collision-free hashKey', () => {
    expect(key.toString()).toContain('org.example.CsvConnector');
    expect(JSON.parse(JSON.stringify(key))).toEqual({
      bundleName: 'org.example.csv',
      bundleVersion: '1.5.0.0',
      connectorName: 'org.example.CsvConnector',
    });
    expect(ConnectorKey.from(key.toJSON()).equals(key)).toBe(true);
    expect(new ConnectorKey('a b', 'c', 'd').hashKey).not.toBe(new ConnectorKey('a', 'b c', 'd').hashKey);
    expect(Object.isFrozen(key)).toBe(true);
  });
});

describe('ObjectPoolConfiguration', () => {
  it('has the defaults of spec C.6 and validates them', () => {
    const pool = new ObjectPoolConfiguration();
    expect(pool.toJSON()).toEqual({
      maxObjects: 10,
      maxIdle: 10,
      maxWait: 150000,
      minEvictableIdleTimeMillis: 120000,
      minIdle: 1,
    });
    expect(() => pool.validate()).not.toThrow();
  });

  it.each([
    'maxObjects',
    'maxIdle',
    'maxWait',
    'minEvictableIdleTimeMillis',
    'minIdle',
  ] as const)('rejects a negative %s, naming it', (field) => {
    const pool = new ObjectPoolConfiguration({ [field]: -1 });
    expect(() => pool.validate()).toThrow(IllegalArgumentException);
    expect(() => pool.validate()).toThrow(new RegExp(`${field} must not be negative`));
  });

  it('rejects non-integers and counts beyond int32, naming the field', () => {
    expect(() => new ObjectPoolConfiguration({ maxWait: 1.5 }).validate()).toThrow(
      /maxWait must be an integer/,
    );
    expect(() => new ObjectPoolConfiguration({ maxObjects: 2 ** 31 }).validate()).toThrow(/maxObjects/);
    expect(() => new ObjectPoolConfiguration({ maxWait: 2 ** 40 }).validate()).not.toThrow();
  });

  it('requires minIdle <= maxIdle', () => {
    expect(() => new ObjectPoolConfiguration({ minIdle: 5, maxIdle: 4 }).validate()).toThrow(
      /minIdle \(5\) must not be greater than maxIdle \(4\)/,
    );
    expect(() => new ObjectPoolConfiguration({ minIdle: 4, maxIdle: 4 }).validate()).not.toThrow();
  });

  it('requires maxIdle <= maxObjects', () => {
    expect(() => new ObjectPoolConfiguration({ maxIdle: 11 }).validate()).toThrow(
      /maxIdle \(11\) must not be greater than maxObjects \(10\)/,
    );
    expect(() =>
      new ObjectPoolConfiguration({ maxIdle: 0, minIdle: 0, maxObjects: 0 }).validate(),
    ).not.toThrow();
  });

  it('compares by value and clones independently', () => {
    const a = new ObjectPoolConfiguration({ maxObjects: 20 });
    const b = a.clone();
    expect(b.equals(a)).toBe(true);
    b.maxObjects = 30;
    expect(a.maxObjects).toBe(20);
    expect(b.equals(a)).toBe(false);
  });
});

describe('ResultsHandlerConfiguration', () => {
  it('has the defaults of spec B.5', () => {
    expect(new ResultsHandlerConfiguration().toJSON()).toEqual({
      enableNormalizingResultsHandler: true,
      enableFilteredResultsHandler: true,
      enableCaseInsensitiveFilter: false,
      enableAttributesToGetSearchResultsHandler: true,
    });
  });

  it('takes overrides, compares by value and clones', () => {
    const a = new ResultsHandlerConfiguration({ enableCaseInsensitiveFilter: true });
    expect(a.enableCaseInsensitiveFilter).toBe(true);
    expect(a.enableFilteredResultsHandler).toBe(true);
    const b = a.clone();
    expect(b.equals(a)).toBe(true);
    b.enableFilteredResultsHandler = false;
    expect(a.enableFilteredResultsHandler).toBe(true);
    expect(b.equals(a)).toBe(false);
  });
});

describe('toConfigValue', () => {
  it('converts to every scalar configuration type', () => {
    expect(toConfigValue('String', 'abc', 'p')).toBe('abc');
    expect(toConfigValue('String', 42, 'p')).toBe('42');
    expect(toConfigValue('String', true, 'p')).toBe('true');
    expect(toConfigValue('String', long(7), 'p')).toBe('7');
    expect(toConfigValue('char', ',', 'p')).toEqual(char(','));
    expect(toConfigValue('Character', char('x'), 'p')).toEqual(char('x'));
    expect(toConfigValue('int', 389, 'p')).toEqual(int(389));
    expect(toConfigValue('Integer', '389', 'p')).toEqual(int(389));
    expect(toConfigValue('int', long(5), 'p')).toEqual(int(5));
    expect(toConfigValue('int', 5n, 'p')).toEqual(int(5));
    expect(toConfigValue('long', 5, 'p')).toEqual(long(5));
    expect(toConfigValue('Long', '9223372036854775807', 'p')).toEqual(long(9223372036854775807n));
    expect(toConfigValue('long', int(3), 'p')).toEqual(long(3));
    expect(toConfigValue('double', 1.5, 'p')).toEqual(double(1.5));
    expect(toConfigValue('Double', '2.5e3', 'p')).toEqual(double(2500));
    expect(toConfigValue('double', int(2), 'p')).toEqual(double(2));
    expect((toConfigValue('Double', 'NaN', 'p') as JavaDouble).value).toBeNaN();
    expect(toConfigValue('double', '-Infinity', 'p')).toEqual(double(Number.NEGATIVE_INFINITY));
    expect(toConfigValue('float', 0.1, 'p')).toEqual(float(0.1));
    expect(toConfigValue('Float', '0.5', 'p')).toEqual(float(0.5));
    expect(toConfigValue('boolean', true, 'p')).toBe(true);
    expect(toConfigValue('Boolean', 'FALSE', 'p')).toBe(false);
    expect(toConfigValue('boolean', 1, 'p')).toBe(true);
    expect(toConfigValue('boolean', 0, 'p')).toBe(false);
    expect(toConfigValue('URI', 'https://example.com/x?y=1', 'p')).toEqual(
      new JavaURI('https://example.com/x?y=1'),
    );
    expect(toConfigValue('URI', new URL('https://example.com'), 'p')).toEqual(
      new JavaURI('https://example.com/'),
    );
    expect(toConfigValue('File', '/tmp/hr.csv', 'p')).toEqual(new JavaFile('/tmp/hr.csv'));
    const gs = toConfigValue('GuardedString', 'secret', 'p');
    expect(gs).toBeInstanceOf(GuardedString);
    expect(clear(gs as GuardedString)).toBe('secret');
    const gba = toConfigValue('GuardedByteArray', 'héllo', 'p') as GuardedByteArray;
    expect(gba.access((b) => Buffer.from(b).toString('utf8'))).toBe('héllo');
    const bytes = toConfigValue('GuardedByteArray', new Uint8Array([1, 2, 3]), 'p') as GuardedByteArray;
    expect(bytes.access((b) => [...b])).toEqual([1, 2, 3]);
    expect(toConfigValue('Script', { scriptLanguage: 'Groovy', scriptText: 'return 1' }, 'p')).toEqual(
      new Script('Groovy', 'return 1'),
    );
  });

  it('keeps canonical values as they are', () => {
    const values: [string, unknown][] = [
      ['String', 'x'],
      ['int', int(1)],
      ['Long', long(1)],
      ['double', double(1)],
      ['Float', float(1)],
      ['char', char('c')],
      ['boolean', false],
      ['URI', new JavaURI('urn:x')],
      ['File', new JavaFile('a')],
      ['GuardedString', new GuardedString('s')],
      ['GuardedByteArray', new GuardedByteArray(new Uint8Array([1]))],
      ['Script', new Script('Groovy', 'x')],
    ];
    for (const [type, value] of values) expect(toConfigValue(type, value, 'p')).toBe(value);
    const array = arrayOf('String', ['a', 'b']);
    expect(toConfigValue('String[]', array, 'p')).toBe(array);
  });

  it('rejects a bigint beyond 64 bits for a Long and beyond 32 bits for an int', () => {
    expect(() => toConfigValue('Long', 2n ** 64n, 'big')).toThrow(/'big' of type Long .*outside the 64-bit/);
    expect(() => toConfigValue('int', 2n ** 31n, 'big')).toThrow(/'big' of type int .*outside the 32-bit/);
    expect(toConfigValue('Long', -(2n ** 63n), 'big')).toEqual(long(-(2n ** 63n)));
  });

  it('gives null for null and undefined, whatever the type', () => {
    for (const type of CONFIGURATION_TYPES) {
      expect(toConfigValue(type, null, 'p')).toBeNull();
      expect(toConfigValue(type, undefined, 'p')).toBeNull();
    }
  });

  it('converts arrays element-wise to a typed JavaArray', () => {
    const names = toConfigValue('String[]', ['a', 'b'], 'names') as JavaArray;
    expect(names).toBeInstanceOf(JavaArray);
    expect(names.componentType).toBe('String');
    expect(names.items).toEqual(['a', 'b']);
    const ports = toConfigValue('int[]', [1, '2', long(3)], 'ports') as JavaArray;
    expect(ports.javaType).toBe('int[]');
    expect(ports.items).toEqual([int(1), int(2), int(3)]);
    const longs = toConfigValue('Long[]', [1, null], 'l') as JavaArray;
    expect(longs.items).toEqual([long(1), null]);
    const secrets = toConfigValue('GuardedString[]', ['a', 'b'], 's') as JavaArray<GuardedString>;
    expect(secrets.items.map(clear)).toEqual(['a', 'b']);
    const scripts = toConfigValue(
      'Script[]',
      [{ scriptLanguage: 'Groovy', scriptText: 'x' }],
      's',
    ) as JavaArray;
    expect(scripts.items).toEqual([new Script('Groovy', 'x')]);
    expect((toConfigValue('File[]', [], 'f') as JavaArray).items).toEqual([]);
    // A JavaArray of another component type is converted, not kept.
    const widened = toConfigValue('long[]', arrayOf('int', [int(1)]), 'w') as JavaArray;
    expect(widened.componentType).toBe('long');
    expect(widened.items).toEqual([long(1)]);
  });

  it('turns a single value for an array type into a one-element array (as IDM does)', () => {
    const one = toConfigValue('String[]', 'only', 'names') as JavaArray;
    expect(one.items).toEqual(['only']);
  });

  it('covers every configuration type', () => {
    const sample: Record<string, unknown> = {
      String: 's',
      long: 1,
      Long: 1,
      char: 'c',
      Character: 'c',
      double: 1,
      Double: 1,
      float: 1,
      Float: 1,
      int: 1,
      Integer: 1,
      boolean: true,
      Boolean: true,
      URI: 'urn:a',
      File: 'f',
      GuardedByteArray: 'b',
      GuardedString: 's',
      Script: { scriptLanguage: 'Groovy', scriptText: 't' },
    };
    for (const type of CONFIGURATION_TYPES) {
      const scalar = type.endsWith('[]') ? type.slice(0, -2) : type;
      const input = type.endsWith('[]') ? [sample[scalar]] : sample[scalar];
      const value = toConfigValue(type, input, 'p');
      expect(value, type).not.toBeNull();
      if (type.endsWith('[]')) expect((value as JavaArray).javaType).toBe(type);
    }
  });

  it.each([
    ['int', 'abc', /'port' of type int cannot take "abc" \(string\): not an integer/],
    ['int', 2.5, /'port' of type int .*not an integer/],
    ['int', 2 ** 31, /'port' of type int .*outside the 32-bit integer range/],
    ['Integer', true, /'port' of type Integer/],
    ['long', 2 ** 60, /'port' of type long .*beyond ±2\^53/],
    ['long', '1e3', /'port' of type long/],
    ['Long', '18446744073709551616', /outside the 64-bit integer range/],
    ['double', 'x1', /'port' of type double .*not a number/],
    ['float', {}, /'port' of type float cannot take an object/],
    ['boolean', 'yes', /'port' of type boolean .*only 'true' or 'false'/],
    ['boolean', 2, /'port' of type boolean/],
    ['char', 'ab', /'port' of type char .*not a single character/],
    ['Character', '', /'port' of type Character/],
    ['String', { a: 1 }, /'port' of type String cannot take an object/],
    ['String', ['a'], /'port' of type String cannot take an array/],
    ['URI', 'has space', /'port' of type URI .*not a valid URI/],
    ['File', 5, /'port' of type File/],
    ['Script', 'return 1', /'port' of type Script/],
    ['Script', { scriptLanguage: ' ', scriptText: 'x' }, /'port' of type Script .*scriptLanguage/],
    ['GuardedString', 5, /'port' of type GuardedString cannot take a number/],
    ['GuardedByteArray', 5, /'port' of type GuardedByteArray/],
  ])('rejects %s from %j with a message naming property and type', (type, input, message) => {
    expect(() => toConfigValue(type, input, 'port')).toThrow(IllegalArgumentException);
    expect(() => toConfigValue(type, input, 'port')).toThrow(message);
  });

  it('names the failing array element', () => {
    expect(() => toConfigValue('int[]', [1, 'x'], 'ports')).toThrow(/'ports\[1\]' of type int/);
    expect(() => toConfigValue('int[]', [1, null], 'ports')).toThrow(
      /'ports\[1\]'.*null in a primitive array/,
    );
  });

  it('rejects types that are not configuration types', () => {
    expect(() => toConfigValue('byte[]', new Uint8Array(1), 'blob')).toThrow(
      /'blob' has type byte\[\], which is not a supported configuration type/,
    );
    expect(() => toConfigValue('Map', {}, 'm')).toThrow(IllegalArgumentException);
    expect(() => toConfigValue('Uid', 'x', 'u')).toThrow(IllegalArgumentException);
  });

  it('never quotes secrets in error messages', () => {
    let message = '';
    try {
      toConfigValue('int', 'hunter2', 'pin', { confidential: true });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("'pin' of type int");
    expect(message).not.toContain('hunter2');
  });

  it('copyConfigValue copies secrets, including inside arrays', () => {
    const secret = new GuardedString('s');
    const copy = copyConfigValue(secret) as GuardedString;
    expect(copy).not.toBe(secret);
    expect(copy.equals(secret)).toBe(true);
    const arr = arrayOf('GuardedString', [secret]);
    const arrCopy = copyConfigValue(arr) as JavaArray<GuardedString>;
    expect(arrCopy.items[0]).not.toBe(secret);
    expect(arrCopy.equals(arr)).toBe(true);
    expect(copyConfigValue('x')).toBe('x');
  });
});

describe('ConfigurationProperty', () => {
  it('fills the C.2 defaults', () => {
    const p = new ConfigurationProperty({ name: 'host', type: 'String' });
    expect(p.toJSON()).toEqual({
      name: 'host',
      type: 'String',
      value: null,
      order: 0,
      confidential: false,
      required: false,
      displayMessageKey: 'host.display',
      helpMessageKey: 'host.help',
      groupMessageKey: 'host.group',
      operations: [],
    });
    expect(p.appliesTo('CreateApiOp')).toBe(true);
    expect(
      new ConfigurationProperty({ name: 'x', type: 'int', displayMessageKey: '' }).displayMessageKey,
    ).toBe('x.display');
  });

  it('keeps explicit metadata and converts the value', () => {
    const p = new ConfigurationProperty({
      name: 'password',
      type: 'GuardedString',
      value: 'pw',
      order: 3,
      confidential: true,
      required: true,
      displayMessageKey: 'PWD',
      operations: ['AuthenticationApiOp'],
    });
    expect(clear(p.value as GuardedString)).toBe('pw');
    expect(p.order).toBe(3);
    expect(p.confidential && p.required).toBe(true);
    expect(p.displayMessageKey).toBe('PWD');
    expect(p.appliesTo('AuthenticationApiOp')).toBe(true);
    expect(p.appliesTo('CreateApiOp')).toBe(false);
    expect(JSON.stringify(p)).not.toContain('pw"');
  });

  it('rejects bad metadata', () => {
    expect(() => new ConfigurationProperty({ name: ' ', type: 'String' })).toThrow(/must not be blank/);
    expect(() => new ConfigurationProperty({ name: 'x', type: 'Map' as never })).toThrow(/not a supported/);
    expect(() => new ConfigurationProperty({ name: 'x', type: 'int', order: 1.5 })).toThrow(/order/);
    expect(
      () => new ConfigurationProperty({ name: 'x', type: 'int', operations: ['CreateOp' as never] }),
    ).toThrow(/unknown API operation/);
  });

  it('compares metadata and values, and withValue returns a new property', () => {
    const a = new ConfigurationProperty({ name: 'n', type: 'String[]', value: ['a'] });
    const b = a.withValue(['a']);
    expect(b).not.toBe(a);
    expect(b.equals(a)).toBe(true);
    expect(a.withValue(['b']).equals(a)).toBe(false);
    expect(new ConfigurationProperty({ ...a.init(), required: true }).equals(a)).toBe(false);
  });
});

describe('ConfigurationProperties', () => {
  function sample(): ConfigurationProperties {
    return new ConfigurationProperties([
      { name: 'host', type: 'String', value: 'localhost' },
      { name: 'port', type: 'int', value: 389 },
      { name: 'timeout', type: 'long' },
      { name: 'ratio', type: 'float' },
      { name: 'ssl', type: 'boolean', value: false },
      { name: 'delimiter', type: 'char', value: ',' },
      { name: 'password', type: 'GuardedString', confidential: true },
      { name: 'baseContexts', type: 'String[]' },
      { name: 'url', type: 'URI' },
      { name: 'file', type: 'File' },
      { name: 'script', type: 'Script' },
    ]);
  }

  it('keeps order and looks names up case-sensitively', () => {
    const props = sample();
    expect(props.names).toEqual([
      'host',
      'port',
      'timeout',
      'ratio',
      'ssl',
      'delimiter',
      'password',
      'baseContexts',
      'url',
      'file',
      'script',
    ]);
    expect(props.size).toBe(11);
    expect(props.get('port')?.value).toEqual(int(389));
    expect(props.get('Port')).toBeUndefined();
    expect(props.has('host')).toBe(true);
    expect([...props].map((p) => p.name)).toEqual(props.names);
  });

  it('setValue converts plain JS input to the declared type', () => {
    const props = sample()
      .setValue('host', 'ldap.example.com')
      .setValue('port', 636)
      .setValue('timeout', 30000)
      .setValue('ratio', 0.25)
      .setValue('ssl', 'true')
      .setValue('delimiter', ';')
      .setValue('password', 'secret')
      .setValue('baseContexts', ['dc=example,dc=com', 'o=test'])
      .setValue('url', 'ldaps://ldap.example.com')
      .setValue('file', '/data/hr.csv')
      .setValue('script', { scriptLanguage: 'Groovy', scriptText: 'x' });
    expect(props.getValue('host')).toBe('ldap.example.com');
    expect(props.getValue('port')).toBeInstanceOf(JavaInteger);
    expect(props.getValue('port')).toEqual(int(636));
    expect(props.getValue('timeout')).toBeInstanceOf(JavaLong);
    expect(props.getValue('ratio')).toBeInstanceOf(JavaFloat);
    expect(props.getValue('ssl')).toBe(true);
    expect(props.getValue('delimiter')).toBeInstanceOf(JavaCharacter);
    expect(props.getValue('password')).toBeInstanceOf(GuardedString);
    expect(clear(props.getValue('password') as GuardedString)).toBe('secret');
    const contexts = props.getValue('baseContexts') as JavaArray;
    expect(contexts.javaType).toBe('String[]');
    expect(contexts.items).toEqual(['dc=example,dc=com', 'o=test']);
    expect(props.getValue('url')).toEqual(new JavaURI('ldaps://ldap.example.com'));
    expect(props.getValue('file')).toEqual(new JavaFile('/data/hr.csv'));
    expect(props.getValue('script')).toEqual(new Script('Groovy', 'x'));
    props.setValue('port', null);
    expect(props.getValue('port')).toBeNull();
  });

  it('setValue rejects a wrong type, naming the property and its type', () => {
    const props = sample();
    expect(() => props.setValue('port', 'not-a-port')).toThrow(IllegalArgumentException);
    expect(() => props.setValue('port', 'not-a-port')).toThrow(/'port' of type int/);
    expect(() => props.setValue('baseContexts', [1, {}])).toThrow(/'baseContexts\[1\]' of type String/);
    expect(props.getValue('port')).toEqual(int(389));
  });

  it('does not quote the input of a confidential property in errors', () => {
    const props = new ConfigurationProperties([{ name: 'pin', type: 'int', confidential: true }]);
    expect(() => props.setValue('pin', 'letmein')).toThrow(/'pin' of type int cannot take a string/);
  });

  it('setValue rejects an unknown property, listing the valid names', () => {
    const props = sample();
    expect(() => props.setValue('hostname', 'x')).toThrow(IllegalArgumentException);
    expect(() => props.setValue('hostname', 'x')).toThrow(
      /Unknown configuration property 'hostname'; valid properties are: host, port, timeout/,
    );
    expect(() => props.getValue('Host')).toThrow(/Unknown configuration property 'Host'/);
    expect(() => new ConfigurationProperties().setValue('a', 1)).toThrow(/valid properties are: \(none\)/);
  });

  it('setValues sets a JSON object atomically and can skip unknown names', () => {
    const props = sample();
    props.setValues({ host: 'h', port: '1389', baseContexts: 'dc=x' });
    expect(props.getValue('port')).toEqual(int(1389));
    expect((props.getValue('baseContexts') as JavaArray).items).toEqual(['dc=x']);
    expect(() => props.setValues({ host: 'changed', port: 'bad' })).toThrow(/'port'/);
    expect(props.getValue('host')).toBe('h');
    expect(() => props.setValues({ host: 'changed', unknown: 1 })).toThrow(/Unknown configuration property/);
    expect(props.getValue('host')).toBe('h');
    props.setValues(
      new Map<string, unknown>([
        ['host', 'm'],
        ['unknown', 1],
      ]),
      { ignoreUnknown: true },
    );
    expect(props.getValue('host')).toBe('m');
  });

  it('rejects duplicate names', () => {
    expect(
      () =>
        new ConfigurationProperties([
          { name: 'a', type: 'String' },
          { name: 'a', type: 'int' },
        ]),
    ).toThrow(/Duplicate configuration property 'a'/);
  });

  it('clones independently, copying secrets', () => {
    const props = sample().setValue('password', 'pw');
    const copy = props.clone();
    expect(copy.equals(props)).toBe(true);
    copy.setValue('host', 'other');
    expect(props.getValue('host')).toBe('localhost');
    expect(copy.equals(props)).toBe(false);
    expect(copy.getValue('password')).not.toBe(props.getValue('password'));
    (copy.getValue('password') as GuardedString).dispose();
    expect(clear(props.getValue('password') as GuardedString)).toBe('pw');
  });
});

describe('APIConfiguration', () => {
  it('has the defaults of spec C.5', () => {
    const config = new APIConfiguration();
    expect(config.producerBufferSize).toBe(100);
    expect(config.connectorPoolingSupported).toBe(false);
    expect(config.connectorPoolConfiguration.equals(new ObjectPoolConfiguration())).toBe(true);
    expect(config.resultsHandlerConfiguration.equals(new ResultsHandlerConfiguration())).toBe(true);
    expect(config.configurationProperties.size).toBe(0);
    expect(config.supportedOperations.size).toBe(0);
    expect(config.getTimeout('SearchApiOp')).toBe(NO_TIMEOUT);
  });

  it('reads timeouts below -1 as -1 and keeps others', () => {
    const config = new APIConfiguration()
      .setTimeout('CreateApiOp', -5)
      .setTimeout('SearchApiOp', 0)
      .setTimeout('TestApiOp', 5000);
    expect(config.getTimeout('CreateApiOp')).toBe(-1);
    expect(config.timeouts.get('CreateApiOp')).toBe(-5);
    expect(config.getTimeout('SearchApiOp')).toBe(0);
    expect(config.getTimeout('TestApiOp')).toBe(5000);
    expect(config.getTimeout('DeleteApiOp')).toBe(-1);
    config.timeouts.set('DeleteApiOp', -100);
    expect(config.getTimeout('DeleteApiOp')).toBe(-1);
  });

  it('rejects bad timeouts, operations and buffer sizes', () => {
    const config = new APIConfiguration();
    expect(() => config.setTimeout('CreateApiOp', 1.5)).toThrow(
      /Timeout of CreateApiOp must be a 32-bit integer/,
    );
    expect(() => config.setTimeout('CreateOp' as never, 1)).toThrow(/Unknown API operation: CreateOp/);
    expect(() => config.setProducerBufferSize(2 ** 31)).toThrow(/producerBufferSize/);
    expect(() => new APIConfiguration({ supportedOperations: ['Nope' as never] })).toThrow(
      /Unknown API operation/,
    );
  });

  it('clones deeply and independently', () => {
    const original = new APIConfiguration({
      configurationProperties: new ConfigurationProperties([{ name: 'host', type: 'String', value: 'a' }]),
      connectorPoolingSupported: true,
      supportedOperations: ['CreateApiOp', 'ValidateApiOp'],
      timeouts: [['CreateApiOp', 1000]],
    });
    original.changeListener = () => {};
    const copy = original.clone();
    expect(copy.equals(original)).toBe(true);
    expect(copy.changeListener).toBeNull();

    copy.configurationProperties.setValue('host', 'b');
    copy.connectorPoolConfiguration.maxObjects = 1;
    copy.resultsHandlerConfiguration.enableFilteredResultsHandler = false;
    copy.setTimeout('CreateApiOp', 5).setTimeout('SearchApiOp', 7);
    copy.producerBufferSize = 5;
    copy.supportedOperations = new Set(['SearchApiOp']);

    expect(original.configurationProperties.getValue('host')).toBe('a');
    expect(original.connectorPoolConfiguration.maxObjects).toBe(10);
    expect(original.resultsHandlerConfiguration.enableFilteredResultsHandler).toBe(true);
    expect(original.getTimeout('CreateApiOp')).toBe(1000);
    expect(original.getTimeout('SearchApiOp')).toBe(-1);
    expect(original.producerBufferSize).toBe(100);
    expect([...original.supportedOperations]).toEqual(['CreateApiOp', 'ValidateApiOp']);
    expect(copy.equals(original)).toBe(false);
  });

  it('treats stored timeouts by their effective value in equals', () => {
    const a = new APIConfiguration().setTimeout('CreateApiOp', -7);
    const b = new APIConfiguration();
    expect(a.equals(b)).toBe(true);
    expect(a.isSupported('CreateApiOp')).toBe(false);
  });

  it('serialises to JSON without secrets', () => {
    const config = new APIConfiguration({
      configurationProperties: new ConfigurationProperties([
        { name: 'pw', type: 'GuardedString', value: 'x1y2' },
      ]),
      timeouts: [['GetApiOp', 10]],
      supportedOperations: ['GetApiOp'],
    });
    const json = JSON.parse(JSON.stringify(config));
    expect(json.producerBufferSize).toBe(100);
    expect(json.timeouts).toEqual({ GetApiOp: 10 });
    expect(json.supportedOperations).toEqual(['GetApiOp']);
    expect(json.configurationProperties[0].value).toBe('[GuardedString]');
    expect(JSON.stringify(config)).not.toContain('x1y2');
  });
});

describe('ConnectorMessages', () => {
  const messages = new ConnectorMessages({
    '': { greeting: 'Hello {0}', onlyRoot: 'root', fr: 'root fr' },
    en: { greeting: 'Hi {0}', onlyEn: 'en' },
    en_US: { greeting: 'Howdy {0}' },
    fr: { fr: 'Bonjour' },
  });

  it('normalizes locale names and builds the search list', () => {
    expect(normalizeLocale('en-us')).toBe('en_US');
    expect(normalizeLocale('EN_us_posix')).toBe('en_US_posix');
    expect(normalizeLocale('')).toBe('');
    expect(normalizeLocale('en__POSIX')).toBe('en__POSIX');
    expect(() => normalizeLocale('en US')).toThrow(IllegalArgumentException);
    expect(localeSearchList('en_US_POSIX')).toEqual(['en_US_POSIX', 'en_US', 'en', '']);
    expect(localeSearchList('en')).toEqual(['en', '']);
    expect(localeSearchList('')).toEqual(['']);
    expect(localeSearchList('en__POSIX')).toEqual(['en__POSIX', 'en', '']);
  });

  it('looks up exact locale, then language + country, then language, then root', () => {
    expect(messages.forLocale('en_US_POSIX').format('greeting', null, 'Ann')).toBe('Howdy Ann');
    expect(messages.forLocale('en_US').format('greeting', null, 'Ann')).toBe('Howdy Ann');
    expect(messages.forLocale('en_GB').format('greeting', null, 'Ann')).toBe('Hi Ann');
    expect(messages.forLocale('en-US').format('onlyEn')).toBe('en');
    expect(messages.forLocale('de').format('greeting', null, 'Ann')).toBe('Hello Ann');
    expect(messages.format('greeting', null, 'Ann')).toBe('Hello Ann');
    expect(messages.forLocale('fr_CA').format('fr')).toBe('Bonjour');
    expect(messages.forLocale('en_US').format('onlyRoot')).toBe('root');
    expect(messages.forLocale('en').locale).toBe('en');
    expect(messages.lookup('greeting', 'en')).toBe('Hi {0}');
  });

  it('returns the default, or the key, for a missing key (unformatted)', () => {
    expect(messages.format('missing', 'Default {0}', 'x')).toBe('Default {0}');
    expect(messages.format('missing', null)).toBe('missing');
    expect(messages.format('missing')).toBe('missing');
  });

  it('formats {n} placeholders, keeps unmatched ones, and handles quotes', () => {
    expect(formatMessage('{1} then {0}', ['a', 'b'])).toBe('b then a');
    expect(formatMessage('{0} and {0}', [int(5)])).toBe('5 and 5');
    expect(formatMessage('value {0}', [null])).toBe('value null');
    expect(formatMessage('missing {3}', ['a'])).toBe('missing {3}');
    expect(formatMessage('{0,number,#} items', [12])).toBe('12 items');
    expect(formatMessage("Can''t open {0}", ['f'])).toBe("Can't open f");
    expect(formatMessage("literal '{0}' here", ['x'])).toBe('literal {0} here');
    expect(formatMessage("it's {0}", ['ok'])).toBe("it's ok");
  });

  it('never throws on odd braces (the MessageFormat pitfall)', () => {
    expect(formatMessage('{"key": "value"}', [])).toBe('{"key": "value"}');
    expect(formatMessage('{"key": {0}}', ['v'])).toBe('{"key": v}');
    expect(formatMessage('{name} {', ['x'])).toBe('{name} {');
    expect(formatMessage('}}{{0}}', ['x'])).toBe('}}{x}');
    expect(formatMessage("unterminated '{ quote", [])).toBe('unterminated { quote');
    expect(formatMessage('{ 0 }', ['x'])).toBe('x');
    expect(formatMessage('{-1} {0x}', ['x'])).toBe('{-1} {0x}');
    const json = new ConnectorMessages({ '': { log: 'payload {"a": [1, {2}]} for {0}' } });
    expect(json.format('log', null, 'me')).toBe('payload {"a": [1, {2}]} for me');
  });

  it('exposes catalogues, compares by content and serialises', () => {
    expect(messages.catalogs.get('en_US')?.get('greeting')).toBe('Howdy {0}');
    expect(messages.forLocale('fr').equals(messages)).toBe(true);
    expect(
      new ConnectorMessages({ '': { a: 'b' } }).equals(
        new ConnectorMessages(new Map([['', new Map([['a', 'b']])]])),
      ),
    ).toBe(true);
    expect(new ConnectorMessages({ '': { a: 'b' } }).equals(new ConnectorMessages())).toBe(false);
    expect(JSON.parse(JSON.stringify(messages)).en_US).toEqual({ greeting: 'Howdy {0}' });
    expect(() => new ConnectorMessages({ '': { a: 1 as unknown as string } })).toThrow(/must be a string/);
  });
});

describe('ConnectorInfo', () => {
  const key = new ConnectorKey('bundle', '1.0', 'org.example.Conn');
  const defaultConfig = new APIConfiguration({
    configurationProperties: new ConfigurationProperties([{ name: 'host', type: 'String', value: 'h' }]),
  });
  const info = new ConnectorInfo({
    connectorKey: key,
    connectorDisplayNameKey: 'connector.display',
    messages: new ConnectorMessages({ '': { 'connector.display': 'Example Connector' } }),
    defaultApiConfiguration: defaultConfig,
  });

  it('hands out independent copies of the default configuration', () => {
    const a = info.createDefaultAPIConfiguration();
    const b = info.createDefaultAPIConfiguration();
    expect(a).not.toBe(defaultConfig);
    expect(a.equals(defaultConfig)).toBe(true);
    a.configurationProperties.setValue('host', 'changed');
    expect(b.configurationProperties.getValue('host')).toBe('h');
    expect(info.defaultApiConfiguration.configurationProperties.getValue('host')).toBe('h');
  });

  it('resolves its display name and has an optional category', () => {
    expect(info.connectorDisplayName).toBe('Example Connector');
    expect(info.connectorCategoryKey).toBeNull();
    expect(info.connectorCategory).toBeNull();
    const withCategory = new ConnectorInfo({
      connectorKey: key,
      connectorDisplayNameKey: 'x',
      connectorCategoryKey: 'cat',
      defaultApiConfiguration: defaultConfig,
    });
    expect(withCategory.connectorCategory).toBe('cat');
    expect(withCategory.connectorDisplayName).toBe('x');
    expect(withCategory.toJSON().connectorKey).toEqual(key.toJSON());
  });

  it('validates its parts', () => {
    expect(
      () =>
        new ConnectorInfo({
          connectorKey: key.toJSON() as ConnectorKey,
          connectorDisplayNameKey: 'x',
          defaultApiConfiguration: defaultConfig,
        }),
    ).toThrow(/ConnectorKey/);
    expect(
      () =>
        new ConnectorInfo({
          connectorKey: key,
          connectorDisplayNameKey: ' ',
          defaultApiConfiguration: defaultConfig,
        }),
    ).toThrow(IllegalArgumentException);
  });
});
