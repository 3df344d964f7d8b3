/**
 * The CSV dialect of a configuration: quote, delimiter, output newline, encoding and multi-value delimiter,
 * checked once so that the reader and writer can trust them.
 *
 * @packageDocumentation
 */
import { ConfigurationException } from '@rcskit/core';

/** Checked dialect settings shared by the reader and the writer. */
export interface CsvFormat {
  /** One character that opens and closes quoted fields; doubled inside a field. */
  readonly quote: string;
  /** One character between fields. */
  readonly delimiter: string;
  /** Line terminator written after every row: `\n`, `\r\n` or `\r`. */
  readonly newline: string;
  /** Node's name of the file encoding. */
  readonly encoding: BufferEncoding;
  /** Separator of the values of a multi-valued cell, or null when no column is multi-valued. */
  readonly multivalueDelimiter: string | null;
}

/** What {@link resolveFormat} reads: the dialect fields of the configuration. */
export interface FormatSettings {
  readonly quoteCharacter?: string | null;
  readonly fieldDelimiter?: string | null;
  readonly newlineString?: string | null;
  readonly encoding?: string | null;
  readonly multivalueDelimiter?: string | null;
}

/**
 * Encodings the connector can both read and write without extra libraries, by their Java/IANA names (compared
 * case-insensitively) mapped to Node's names.
 */
const ENCODINGS: Readonly<Record<string, BufferEncoding>> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'utf-16le': 'utf16le',
  utf16le: 'utf16le',
  'iso-8859-1': 'latin1',
  iso8859_1: 'latin1',
  'iso8859-1': 'latin1',
  latin1: 'latin1',
  'us-ascii': 'ascii',
  ascii: 'ascii',
};

/** The encoding names {@link resolveFormat} accepts. */
export const SUPPORTED_ENCODINGS: readonly string[] = Object.freeze(Object.keys(ENCODINGS));

const LINE_BREAK = /[\r\n]/;

function singleCharacter(value: string | null | undefined, fallback: string, property: string): string {
  const text = value ?? fallback;
  // Java used only the first character and silently ignored the rest; a two-character delimiter is a mistake we
  // would rather report than misread the file with.
  if ([...text].length !== 1) {
    throw new ConfigurationException(
      `Configuration property '${property}' must be exactly one character, got ${JSON.stringify(text)}`,
    );
  }
  if (LINE_BREAK.test(text)) {
    throw new ConfigurationException(`Configuration property '${property}' must not be a line break`);
  }
  return text;
}

/**
 * Checks the dialect settings and returns them in the form the reader and writer use. Null settings take the
 * defaults (`"`, `,`, `\n`, `utf-8`, no multi-values).
 *
 * @throws ConfigurationException for a quote or delimiter that is not exactly one character (or is a line break),
 *   equal quote and delimiter, a newline other than `\n`, `\r\n` or `\r`, an unsupported encoding, or a blank
 *   multi-value delimiter.
 */
export function resolveFormat(settings: FormatSettings): CsvFormat {
  const quote = singleCharacter(settings.quoteCharacter, '"', 'quoteCharacter');
  const delimiter = singleCharacter(settings.fieldDelimiter, ',', 'fieldDelimiter');
  if (quote === delimiter) {
    throw new ConfigurationException('quoteCharacter and fieldDelimiter must differ');
  }
  const newline = settings.newlineString ?? '\n';
  if (newline !== '\n' && newline !== '\r\n' && newline !== '\r') {
    throw new ConfigurationException(
      `Configuration property 'newlineString' must be "\\n", "\\r\\n" or "\\r", got ${JSON.stringify(newline)}`,
    );
  }
  const encodingName = (settings.encoding ?? 'utf-8').trim().toLowerCase();
  const encoding = ENCODINGS[encodingName];
  if (encoding === undefined) {
    throw new ConfigurationException(
      `Unsupported encoding '${settings.encoding}'; supported: UTF-8, UTF-16LE, ISO-8859-1, US-ASCII`,
    );
  }
  let multivalueDelimiter: string | null = null;
  if (settings.multivalueDelimiter !== null && settings.multivalueDelimiter !== undefined) {
    if (settings.multivalueDelimiter.length === 0 || settings.multivalueDelimiter.trim() === '') {
      throw new ConfigurationException(
        "Configuration property 'multivalueDelimiter' must not be blank (use null for no multi-values)",
      );
    }
    if (LINE_BREAK.test(settings.multivalueDelimiter)) {
      throw new ConfigurationException(
        "Configuration property 'multivalueDelimiter' must not hold a line break",
      );
    }
    multivalueDelimiter = settings.multivalueDelimiter;
  }
  return Object.freeze({ quote, delimiter, newline, encoding, multivalueDelimiter });
}
