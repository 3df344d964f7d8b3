import { describe, expect, it } from 'vitest';
import { IllegalArgumentException } from '../src/errors.js';
import {
  parseVersionSpec,
  pickHighestVersion,
  satisfies,
  toSemVer,
  Version,
  VersionRange,
} from '../src/version/index.js';

describe('Version', () => {
  it.each([
    ['1', [1]],
    ['1.5', [1, 5]],
    ['1.5.0', [1, 5, 0]],
    ['1.5.0.0', [1, 5, 0, 0]],
    ['  1.5.10.3  ', [1, 5, 10, 3]],
    ['1.5.0.0-SNAPSHOT', [1, 5, 0, 0]],
    ['01.005', [1, 5]],
  ])('parses %j', (text, components) => {
    expect(Version.parse(text).components).toEqual(components);
  });

  it.each([
    '',
    '  ',
    '1.x.2',
    '1.2.3.4.5',
    '1.',
    '.1',
    'v1.0',
    '1.0-',
    '1.0-rc.1',
    '1.0 -x',
    '-1',
    '1,5',
    '9007199254740992',
  ])('rejects %j with IllegalArgumentException', (text) => {
    expect(() => Version.parse(text)).toThrow(IllegalArgumentException);
    expect(Version.tryParse(text)).toBeUndefined();
    expect(Version.isValid(text)).toBe(false);
  });

  it('gives a clear error message', () => {
    expect(() => Version.parse('1.x.2')).toThrow(/Invalid version '1\.x\.2'.*1 to 4 dot-separated numbers/);
  });

  it('keeps the qualifier and the original text, ignoring the qualifier for comparison', () => {
    const v = Version.parse(' 1.5.0.0-SNAPSHOT ');
    expect(v.qualifier).toBe('SNAPSHOT');
    expect(v.toString()).toBe('1.5.0.0-SNAPSHOT');
    expect(v.equals(Version.parse('1.5'))).toBe(true);
    expect(Version.parse('01.5').toString()).toBe('01.5');
    expect(new Version([2, 0, 4], 'rc1').toString()).toBe('2.0.4-rc1');
  });

  it.each([
    ['1.5', '1.5.0.0', 0],
    ['1.5.10.0', '1.5.9.0', 1],
    ['1.5.9.0', '1.5.10.0', -1],
    ['1.6', '1.5.99.99', 1],
    ['2', '10', -1],
    ['1.0.0.1', '1', 1],
    ['1.5.0.0-B', '1.5.0.0-A', 0],
  ])('compares %s with %s → %i', (a, b, expected) => {
    expect(Version.parse(a).compareTo(Version.parse(b))).toBe(expected);
    expect(Version.parse(a).equals(Version.parse(b))).toBe(expected === 0);
  });

  it('exposes named components with missing ones as 0, and sorts numerically', () => {
    const v = Version.parse('3.4');
    expect([v.major, v.minor, v.micro, v.revision]).toEqual([3, 4, 0, 0]);
    const sorted = ['1.10', '1.9', '1.9.1', '1.2'].map((t) => Version.parse(t)).sort(Version.compare);
    expect(sorted.map(String)).toEqual(['1.2', '1.9', '1.9.1', '1.10']);
  });

  it('validates constructor arguments', () => {
    expect(() => new Version([])).toThrow(IllegalArgumentException);
    expect(() => new Version([1, 2, 3, 4, 5])).toThrow(IllegalArgumentException);
    expect(() => new Version([1, -1])).toThrow(IllegalArgumentException);
    expect(() => new Version([1.5])).toThrow(IllegalArgumentException);
    expect(() => new Version([1], 'a-b')).toThrow(IllegalArgumentException);
    expect(Object.isFrozen(new Version([1, 2]).components)).toBe(true);
  });
});

describe('VersionRange parsing and matching', () => {
  interface Row {
    readonly range: string;
    readonly inRange: readonly string[];
    readonly outOfRange: readonly string[];
    readonly empty?: boolean;
    readonly exact?: boolean;
    readonly canonical?: string;
  }

  const rows: readonly Row[] = [
    {
      range: '[1.5.0.0,1.6.0.0)',
      inRange: ['1.5.0.0', '1.5', '1.5.9.9', '1.5.10.0', '1.5.0.0-SNAPSHOT'],
      outOfRange: ['1.6.0.0', '1.6', '1.4.9', '1.4.99.99', '2'],
    },
    {
      range: '(1.5,1.6]',
      inRange: ['1.5.0.1', '1.5.1', '1.6', '1.6.0.0'],
      outOfRange: ['1.5', '1.5.0.0', '1.6.0.1'],
    },
    { range: '(1.5,1.6)', inRange: ['1.5.0.1', '1.5.99'], outOfRange: ['1.5', '1.6'] },
    { range: '[1.5,1.5]', inRange: ['1.5', '1.5.0.0'], outOfRange: ['1.5.0.1', '1.4.99'], exact: true },
    {
      range: '1.5.0.0',
      inRange: ['1.5.0.0', '1.5', '1.5.0.0-SNAPSHOT'],
      outOfRange: ['1.5.0.1', '1.6', '1.4'],
      exact: true,
    },
    { range: '1.5', inRange: ['1.5.0.0'], outOfRange: ['1.5.1', '1.6'], exact: true },
    // Quirk (c): an exact half-open range is matched like any other interval.
    { range: '[1.5.0.0,1.5.0.1)', inRange: ['1.5.0.0', '1.5'], outOfRange: ['1.5.0.1'], exact: true },
    // Quirk (b): exclusive floor with fewer than 4 components works.
    { range: '(1.5,1.5.0.2)', inRange: ['1.5.0.1'], outOfRange: ['1.5', '1.5.0.2'], exact: true },
    { range: '(1,2)', inRange: ['1.0.0.1', '1.9'], outOfRange: ['1', '2'] },
    { range: '[1.6,1.5]', inRange: [], outOfRange: ['1.5', '1.5.5', '1.6'], empty: true },
    { range: '(1.5,1.5]', inRange: [], outOfRange: ['1.5', '1.5.0.1'], empty: true },
    { range: '[1.5,1.5)', inRange: [], outOfRange: ['1.5', '1.4'], empty: true },
    { range: '(1.5.0.0,1.5.0.1)', inRange: [], outOfRange: ['1.5', '1.5.0.1'], empty: true },
    {
      range: '  [ 1.5 , 1.6 )  ',
      inRange: ['1.5', '1.5.3'],
      outOfRange: ['1.6', '1.4'],
      canonical: '[1.5,1.6)',
    },
  ];

  it.each(rows)('$range', (row) => {
    const range = VersionRange.parse(row.range);
    for (const v of row.inRange) expect(range.isInRange(v), `${v} in ${row.range}`).toBe(true);
    for (const v of row.outOfRange) expect(range.isInRange(v), `${v} not in ${row.range}`).toBe(false);
    expect(range.isEmpty()).toBe(row.empty ?? false);
    expect(range.isExact()).toBe(row.exact ?? false);
    expect(range.toString()).toBe(row.canonical ?? row.range);
    // The same table through the spec API.
    for (const v of row.inRange) expect(satisfies(v, row.range)).toBe(true);
    for (const v of row.outOfRange) expect(satisfies(v, row.range)).toBe(false);
  });

  it('exposes endpoints and inclusive flags', () => {
    const r = VersionRange.parse('(1.5,1.6.0.0]');
    expect(r.floor.toString()).toBe('1.5');
    expect(r.ceiling?.toString()).toBe('1.6.0.0');
    expect(r.isFloorInclusive).toBe(false);
    expect(r.isCeilingInclusive).toBe(true);
    expect(r.isPlainVersion).toBe(false);
    const plain = VersionRange.parse('1.5.0.0');
    expect(plain.ceiling).toBeUndefined();
    expect(plain.isPlainVersion).toBe(true);
    expect(VersionRange.between('1.5', true, '1.6', false).toString()).toBe('[1.5,1.6)');
    expect(VersionRange.of('2.0').isInRange('2.0.0.0')).toBe(true);
  });

  it.each([
    '[1.5,1.6,1.7]',
    '1.x.2',
    '[1.5',
    '',
    '   ',
    '[1.5]',
    '1.5,1.6',
    '[,1.6)',
    '[1.5,)',
    '{1.5,1.6}',
    '[1.5,1.6',
  ])('rejects %j with IllegalArgumentException', (text) => {
    expect(() => VersionRange.parse(text)).toThrow(IllegalArgumentException);
  });

  it('gives clear error messages', () => {
    expect(() => VersionRange.parse('[1.5,1.6,1.7]')).toThrow(/exactly one comma/);
    expect(() => VersionRange.parse('[1.5')).toThrow(/must end with/);
    expect(() => VersionRange.parse('[1.x,1.6)')).toThrow(/invalid floor/);
    expect(() => VersionRange.parse('')).toThrow(/must not be empty/);
  });
});

describe('parseVersionSpec', () => {
  it.each([
    ['[1.5,1.6)', 'openicf'],
    ['(1.5,1.6]', 'openicf'],
    ['1.5.0.0', 'openicf'],
    ['1.5.0.0-SNAPSHOT', 'openicf'],
    ['1.5', 'openicf'],
    ['1.5.0', 'openicf'],
    ['^1.5.0', 'semver'],
    ['~1.5.0', 'semver'],
    ['>=1.5 <2', 'semver'],
    ['1.x', 'semver'],
    ['*', 'semver'],
    ['1.0.0-rc.1', 'semver'],
  ] as const)('%s is %s syntax', (text, syntax) => {
    expect(parseVersionSpec(text).syntax).toBe(syntax);
  });

  it.each([
    '',
    '  ',
    '[1.5,1.6,1.7]',
    '1.x.2',
    '[1.5',
    'foo',
    '^1.5.0 || garbage',
    '1.2.3.4.5',
  ])('rejects %j with IllegalArgumentException', (text) => {
    expect(() => parseVersionSpec(text)).toThrow(IllegalArgumentException);
    expect(() => satisfies('1.5.0', text)).toThrow(IllegalArgumentException);
    expect(() => pickHighestVersion(['1.5.0'], text)).toThrow(IllegalArgumentException);
  });

  it('flags empty specs in both syntaxes', () => {
    expect(parseVersionSpec('[1.6,1.5]').isEmpty).toBe(true);
    expect(parseVersionSpec('>2 <1').isEmpty).toBe(true);
    expect(parseVersionSpec('>=1 <0.5 || >=2').isEmpty).toBe(false);
    expect(parseVersionSpec('^1.5.0').isEmpty).toBe(false);
    expect(parseVersionSpec('1.5').isEmpty).toBe(false);
  });
});

describe('semver specs', () => {
  const table: ReadonlyArray<
    readonly [spec: string, inRange: readonly string[], outOfRange: readonly string[]]
  > = [
    [
      '^1.5.0',
      ['1.5.0', '1.9.3', '1.5.0.0', '1.9', 'v1.6.0'],
      ['2.0.0', '1.4.9', '1.5.0-beta', '1.5.0.1', 'abc'],
    ],
    ['~1.5.0', ['1.5.0', '1.5.7', '1.5.3.0'], ['1.6.0', '1.4.9']],
    ['>=1.5 <2', ['1.5.0', '1.99.0', '1.5'], ['2.0.0', '1.4.99', '2.0.0-rc.1']],
    ['1.x', ['1.0.0', '1.99.99', '1'], ['2.0.0', '0.9.9']],
    ['>=2.0.4-0 <3', ['2.0.4.0-SNAPSHOT', '2.0.4-SNAPSHOT', '2.0.4'], ['2.0.4.0-A_B']],
  ];

  it.each(table)('%s', (spec, inRange, outOfRange) => {
    for (const v of inRange) expect(satisfies(v, spec), `${v} satisfies ${spec}`).toBe(true);
    for (const v of outOfRange) expect(satisfies(v, spec), `${v} does not satisfy ${spec}`).toBe(false);
  });

  it.each([
    ['2.0.4', '2.0.4'],
    ['2.0.4.0', '2.0.4'],
    ['1.5', '1.5.0'],
    ['2.0.4.0-SNAPSHOT', '2.0.4-SNAPSHOT'],
    ['2.0.4.1', undefined],
    ['2.0.4.0-A_B', undefined],
    ['not a version', undefined],
  ])('toSemVer(%j) → %j', (text, expected) => {
    expect(toSemVer(text)?.version).toBe(expected);
  });
});

describe('pickHighestVersion', () => {
  it('picks the true highest version, not IDM’s string order', () => {
    expect(pickHighestVersion(['1.5.9.0', '1.5.10.0'], '[1.5,1.6)')).toBe('1.5.10.0');
    expect(pickHighestVersion(['1.5.10.0', '1.5.9.0'], '[1.5,1.6)')).toBe('1.5.10.0');
  });

  it.each([
    [['1.4.0.0', '1.5.2.0', '1.5.11.0', '1.6.0.0', 'garbage', '2.0.0'], '[1.5.0.0,1.6.0.0)', '1.5.11.0'],
    [['1.4.0.0', '1.5.2.0', '1.6.0.0'], '(1.5,1.6]', '1.6.0.0'],
    [['1.5', '1.5.0.1', '1.6'], '1.5.0.0', '1.5'],
    [['1.5.0.0-SNAPSHOT', '1.4'], '1.5.0.0', '1.5.0.0-SNAPSHOT'],
    [['1.5.0.0-SNAPSHOT', '1.5.0.0', '1.5.0.0-RC1'], '[1.5,1.6)', '1.5.0.0'],
    [['1.5.0.0-A', '1.5.0.0-B'], '[1.5,1.6)', '1.5.0.0-B'],
    [['1.5', '1.5.0.0'], '[1.5,1.6)', '1.5'],
    [['1.5.0.0', '1.5.0.1'], '[1.5.0.0,1.5.0.1)', '1.5.0.0'],
    [['1.5.0', '1.9.3', '2.0.0', '1.10.0', 'not-semver', '1.4.9'], '^1.5.0', '1.10.0'],
    [['1.5.0.0', '1.9.0.0', '2.0.0.0', '1.9.3.1'], '^1.5.0', '1.9.0.0'],
    [['2.0.4.0', '2.0.4', '1.9.0'], '>=1.5 <3', '2.0.4.0'],
    [['1.6.0', '1.5.3', '1.5.10'], '~1.5.0', '1.5.10'],
    [['2.0.0-rc.1', '1.9.0'], '^1.5.0 || ^2.0.0', '1.9.0'],
    [['1.0.0+build.2', '1.0.0+build.10'], '1.x', '1.0.0+build.10'],
  ])('%j with %s → %s', (installed, spec, expected) => {
    expect(pickHighestVersion(installed, spec)).toBe(expected);
  });

  it('returns undefined when nothing matches', () => {
    expect(pickHighestVersion([], '[1.5,1.6)')).toBeUndefined();
    expect(pickHighestVersion(['1.4', '1.6', 'x'], '[1.5,1.6)')).toBeUndefined();
    expect(pickHighestVersion(['1.5.0.1'], '1.5.0.0')).toBeUndefined();
    expect(pickHighestVersion(['2.0.0', '1.4.0', 'abc'], '^1.5.0')).toBeUndefined();
  });

  it('fails clearly on empty ranges', () => {
    for (const spec of ['[1.6,1.5]', '(1.5,1.5]', '[1.5,1.5)', '>2 <1']) {
      expect(() => pickHighestVersion(['1.5'], spec)).toThrow(IllegalArgumentException);
      expect(() => pickHighestVersion(['1.5'], spec)).toThrow(/is empty/);
      expect(satisfies('1.5', spec)).toBe(false);
    }
  });

  it('accepts a parsed spec', () => {
    const spec = parseVersionSpec('[1.5,1.6)');
    expect(pickHighestVersion(['1.5.1', '1.5.2'], spec)).toBe('1.5.2');
    expect(satisfies('1.5.1', spec)).toBe(true);
  });
});
