import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatPropertyLine,
  PropertiesSyntaxError,
  parseProperties,
  propertiesToMap,
  setPropertyInText,
} from '../src/properties/java-properties.js';
import { FIXTURES } from './fixtures/support.js';

const syntax = readFileSync(join(FIXTURES, 'properties', 'syntax.properties'), 'latin1');

describe('Java .properties syntax (fixtures/properties/syntax.properties)', () => {
  const map = propertiesToMap(parseProperties(syntax));

  it('reads key=value, key: value and whitespace-separated entries, trimming leading whitespace only', () => {
    expect(map.get('plain')).toBe('value');
    expect(map.get('colon')).toBe('value with spaces  ');
    expect(map.get('whitespace')).toBe('separated value');
    expect(map.get('indented.key')).toBe('indented value');
  });

  it('skips # and ! comments, also indented ones, and blank lines', () => {
    expect([...map.keys()].some((k) => k.startsWith('#') || k.startsWith('!'))).toBe(false);
    expect(map.get('comment.continuation')).toBe('value # not a comment');
  });

  it('decodes escapes in keys and values: \\= \\: \\  \\t \\\\ and \\uXXXX', () => {
    expect(map.get('escaped=key')).toBe('escaped key');
    expect(map.get('escaped:colon key')).toBe('colon and space in key');
    expect(map.get('hash')).toBe('lmA6bMfENJGlIDbfrVtklXFK32s=');
    expect(map.get('tabs')).toBe('a\tb');
    expect(map.get('unicode')).toBe('café ☃');
    expect(map.get('backslash')).toBe('C:\\openicf\\conf');
  });

  it('joins continuation lines and drops their leading whitespace; an even number of backslashes does not continue', () => {
    expect(map.get('continued')).toBe('first, second, third');
    expect(map.get('even.backslashes')).toBe('ends with one backslash\\');
    expect(map.get('not.continued')).toBe('yes');
  });

  it('never continues a comment line', () => {
    expect(map.get('after.comment')).toBe('still read');
  });

  it('reads an empty value and a key without a value as empty; the last duplicate wins', () => {
    expect(map.get('empty')).toBe('');
    expect(map.get('key.only')).toBe('');
    expect(map.get('dup')).toBe('second');
  });

  it('records the natural lines each entry spans', () => {
    const entry = parseProperties(syntax).entries.find((e) => e.key === 'continued');
    expect(entry).toMatchObject({ firstLine: 14, lastLine: 16 });
  });

  it('rejects a malformed \\u escape with its line number', () => {
    expect(() => parseProperties('a=1\nb=\\u12G4\n')).toThrow(PropertiesSyntaxError);
    expect(() => parseProperties('a=1\nb=\\u12G4\n')).toThrow(/line 2: malformed/);
  });

  it('accepts \\r and \\r\\n line ends and a byte-order mark', () => {
    expect(propertiesToMap(parseProperties('\uFEFFa=1\r\nb=2\rc=3')).get('c')).toBe('3');
    expect(parseProperties('a=1\r\nb=2\r\n').eol).toBe('\r\n');
  });
});

describe('writing properties', () => {
  it('escapes what Properties.store escapes, so a key hash ends in \\=', () => {
    expect(formatPropertyLine('connectorserver.key', 'lmA6bMfENJGlIDbfrVtklXFK32s=')).toBe(
      'connectorserver.key=lmA6bMfENJGlIDbfrVtklXFK32s\\=',
    );
    expect(formatPropertyLine('a key', ' x:y#z!\\é')).toBe('a\\ key=\\ x\\:y\\#z\\!\\\\\\u00E9');
  });

  it('round-trips any value through format and parse', () => {
    for (const value of ['plain', ' leading', 'trailing ', 'a=b:c', '\t\n\r\f', 'ü☃', 'back\\slash', '']) {
      const text = `${formatPropertyLine('k', value)}\n`;
      expect(propertiesToMap(parseProperties(text)).get('k')).toBe(value);
    }
  });

  it('replaces an entry in place, continuation lines included, and removes later duplicates', () => {
    const text = '# head\nk=old\\\n  continued\nother=1\nk=again\n# tail\n';
    expect(setPropertyInText(text, 'k', 'new')).toBe('# head\nk=new\nother=1\n# tail\n');
  });

  it('appends a missing entry, also when the text has no final newline', () => {
    expect(setPropertyInText('# only a comment', 'k', 'v')).toBe('# only a comment\nk=v\n');
    expect(setPropertyInText('', 'k', 'v')).toBe('k=v\n');
  });

  it('keeps the line terminators of the text', () => {
    expect(setPropertyInText('# c\r\nk=1\r\nz=2\r\n', 'k', '3')).toBe('# c\r\nk=3\r\nz=2\r\n');
  });
});
