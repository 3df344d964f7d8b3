import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorException } from '@rcskit/core';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { LeadingSpaceFixer, readCsvBatches, readCsvHeader } from '../src/csv-reader.js';
import { CsvRowSerializer } from '../src/csv-writer.js';
import { resolveFormat } from '../src/format.js';
import { FIXTURES, fixtureCopy, tempDir } from './helpers.js';

const comma = resolveFormat({});
const semicolon = resolveFormat({ fieldDelimiter: ';' });

async function readAll(path: string, format = comma, chunkSize?: number): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of readCsvBatches(path, format, chunkSize ? { chunkSize } : {})) rows.push(...batch);
  return rows;
}

describe('the seed hr.csv (a space after each delimiter, before the opening quote)', () => {
  it('is a byte-for-byte copy of the seed data file', () => {
    const fixture = readFileSync(join(FIXTURES, 'hr.csv'), 'utf8');
    expect(fixture.split('\n')[0]).toBe('"firstName", "uid", "lastName", "email", "employeeNumber"');
    expect(fixture.split('\n')[1]).toBe('"Barbara", "BJENSEN", "Jensen", "bjensen@example.com", "123456"');
  });

  it('papaparse alone keeps the quotes of such fields (why the fixer exists)', () => {
    const raw = Papa.parse<string[]>(readFileSync(join(FIXTURES, 'hr.csv'), 'utf8'), { delimiter: ',' }).data;
    expect(raw[0]?.[1]).toBe(' "uid"');
  });

  it('reads clean values', async () => {
    expect(await readAll(join(FIXTURES, 'hr.csv'))).toEqual([
      ['firstName', 'uid', 'lastName', 'email', 'employeeNumber'],
      ['Barbara', 'BJENSEN', 'Jensen', 'bjensen@example.com', '123456'],
      ['Jane', 'JSANCHEZ', 'Sanchez', 'jsanchez@example.com', '234567'],
      ['Steven', 'SCARTER', 'Carter', 'scarter@example.com', '654321'],
    ]);
  });

  it('reads the header alone', async () => {
    expect(await readCsvHeader(join(FIXTURES, 'hr.csv'), comma)).toEqual([
      'firstName',
      'uid',
      'lastName',
      'email',
      'employeeNumber',
    ]);
  });
});

describe('LeadingSpaceFixer', () => {
  const fixer = new LeadingSpaceFixer('"', ',');

  it('drops blanks between a delimiter or row start and an opening quote', () => {
    expect(fixer.fix('"a", "b",\t"c"\n  "d" ,  "e"\r\n\t"f"')).toBe('"a","b","c"\n"d" ,"e"\r\n"f"');
  });

  it('leaves quoted content, unquoted cells and already fixed text alone', () => {
    const text = '"x, ""y"" z",  plain, "q"\n';
    expect(fixer.fix(text)).toBe('"x, ""y"" z",  plain,"q"\n');
    expect(fixer.fix(fixer.fix(text))).toBe(fixer.fix(text));
    expect(fixer.fix('"a","b"\n')).toBe('"a","b"\n');
  });

  it('does not treat the tab delimiter as a blank to drop', () => {
    expect(new LeadingSpaceFixer('"', '\t').fix('"a"\t"b"\n"c"\t "d"\n')).toBe('"a"\t"b"\n"c"\t"d"\n');
  });
});

describe('reading in chunks', () => {
  const tricky = [
    '"uid", "name",\t"note"\n',
    '"a", "has, comma", "x"\n',
    '"b",  "multi\nline, ""quoted""", y\n',
    ' "c" , "", "trailing" \n',
    '\n',
    '  \n',
    '"d","e","f"',
  ].join('');
  const expected = [
    ['uid', 'name', 'note'],
    ['a', 'has, comma', 'x'],
    ['b', 'multi\nline, "quoted"', ' y'],
    ['c', '', 'trailing'],
    ['d', 'e', 'f'],
  ];

  it('gives the same rows whatever the chunk size (chunk boundaries anywhere)', async () => {
    const path = join(tempDir(), 'tricky.csv');
    writeFileSync(path, tricky);
    for (let size = 1; size <= tricky.length + 1; size++) {
      expect(await readAll(path, comma, size), `chunk size ${size}`).toEqual(expected);
    }
  });

  it('removes a byte-order mark and reports it', async () => {
    const path = join(tempDir(), 'bom.csv');
    writeFileSync(path, '\ufeff"uid"\n"a"\n');
    const info = { hadBom: false };
    const rows: string[][] = [];
    for await (const batch of readCsvBatches(path, comma, { info, chunkSize: 2 })) rows.push(...batch);
    expect(rows).toEqual([['uid'], ['a']]);
    expect(info.hadBom).toBe(true);
  });
});

describe('readCsvBatches', () => {
  it('reads quoted delimiters, quoted line breaks and leading spaces', async () => {
    expect(await readAll(join(FIXTURES, 'quoted-values.csv'))).toEqual([
      ['uid', 'name', 'note'],
      ['x1', 'X One', 'has, comma'],
      ['x2', 'X Two', 'leading space, and comma'],
      ['x3', 'X Three', 'multi\nline'],
    ]);
  });

  it('reads a semicolon, CRLF, BOM file with spaces around quoted fields', async () => {
    expect(await readAll(join(FIXTURES, 'semicolon-crlf-bom.csv'), semicolon)).toEqual([
      ['uid', 'city', 'note'],
      ['a1', 'Paris', 'semi; inside'],
      ['a2', 'Berlin', 'line one\r\nline two'],
      ['a3', 'Rome', 'quote "here"'],
    ]);
  });

  it('reads the same rows with tiny chunks', async () => {
    const whole = await readAll(join(FIXTURES, 'semicolon-crlf-bom.csv'), semicolon);
    expect(await readAll(join(FIXTURES, 'semicolon-crlf-bom.csv'), semicolon, 3)).toEqual(whole);
  });

  it('reads CR-only files', async () => {
    const path = fixtureCopy('hr.csv');
    writeFileSync(path, '"uid","n"\r"a","1"\r"b","2"\r');
    expect(await readAll(path, comma, 4)).toEqual([
      ['uid', 'n'],
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('decodes ISO-8859-1', async () => {
    const rows = await readAll(join(FIXTURES, 'latin1.csv'), resolveFormat({ encoding: 'ISO-8859-1' }));
    expect(rows[1]).toEqual(['l1', 'Zoe', 'München']);
  });

  it('reports malformed quotes with the record number', async () => {
    await expect(readAll(join(FIXTURES, 'malformed.csv'))).rejects.toThrow(ConnectorException);
    await expect(readAll(join(FIXTURES, 'malformed.csv'))).rejects.toThrow(/record 3/);
  });

  it('round-trips what the serializer writes', async () => {
    const cells = ['plain', 'with, comma', 'with "quote"', 'multi\nline', ''];
    const text = new CsvRowSerializer(comma).row(cells);
    expect(text).toBe('"plain","with, comma","with ""quote""","multi\nline",\n');
    const path = join(tempDir(), 'round.csv');
    writeFileSync(path, text);
    expect(await readAll(path, comma, 5)).toEqual([cells]);
  });
});
