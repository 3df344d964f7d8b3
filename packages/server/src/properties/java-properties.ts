/**
 * The Java `.properties` text format, read and written the way `java.util.Properties` does, plus the line spans of
 * each entry so a file can be edited in place (`rcs setkey`) without touching its other lines and comments.
 *
 * Format rules implemented here:
 *
 * - Natural lines end with `\n`, `\r` or `\r\n`. A natural line ending in an odd number of backslashes continues on
 *   the next one, whose leading whitespace is dropped; together they form one logical line.
 * - Lines that are blank, or whose first non-whitespace character is `#` or `!`, are comments (a comment never
 *   continues, even when it ends in a backslash).
 * - The key runs up to the first unescaped `=`, `:` or whitespace; then whitespace, at most one `=` or `:`, and more
 *   whitespace are skipped; the rest of the logical line is the value (trailing whitespace kept).
 * - Escapes in keys and values: `\t`, `\n`, `\r`, `\f`, `\uXXXX` (exactly four hex digits), and a backslash before
 *   any other character stands for that character (`\=`, `\:`, `\#`, `\\`, `\ `).
 *
 * @packageDocumentation
 */

/** One `key=value` entry and where it sits in the text. */
export interface PropertyEntry {
  readonly key: string;
  readonly value: string;
  /** Index of the first natural line of the entry (0-based). */
  readonly firstLine: number;
  /** Index of the last natural line of the entry (continuation lines included). */
  readonly lastLine: number;
}

/** A parsed properties text. */
export interface ParsedProperties {
  /** Entries in file order; a key may repeat (the last one wins, as in Java). */
  readonly entries: readonly PropertyEntry[];
  /** The natural lines of the text, without their terminators. */
  readonly lines: readonly string[];
  /** The line terminator the text mostly uses (`\n` when it has none). */
  readonly eol: '\n' | '\r\n' | '\r';
  /** Whether the text ends with a line terminator. */
  readonly finalNewline: boolean;
}

/** A syntax error in a properties text, with the 1-based line it was found on. */
export class PropertiesSyntaxError extends Error {
  override readonly name = 'PropertiesSyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const WHITESPACE = new Set([' ', '\t', '\f']);

function splitLines(text: string): { lines: string[]; eol: ParsedProperties['eol']; finalNewline: boolean } {
  const lines: string[] = [];
  const counts = { '\n': 0, '\r\n': 0, '\r': 0 };
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\n' && c !== '\r') continue;
    lines.push(text.slice(start, i));
    if (c === '\r' && text[i + 1] === '\n') {
      counts['\r\n']++;
      i++;
    } else {
      counts[c]++;
    }
    start = i + 1;
  }
  const finalNewline = start === text.length && text.length > 0;
  if (!finalNewline) lines.push(text.slice(start));
  let eol: ParsedProperties['eol'] = '\n';
  if (counts['\r\n'] > counts['\n'] && counts['\r\n'] >= counts['\r']) eol = '\r\n';
  else if (counts['\r'] > counts['\n'] && counts['\r'] > counts['\r\n']) eol = '\r';
  return { lines, eol, finalNewline };
}

function endsWithContinuation(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
  return i;
}

/** Decodes the escapes of a key or value (see the module notes). */
function decodeEscapes(raw: string, line: number): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    if (i >= raw.length) break; // a lone trailing backslash (end of file) stands for nothing
    const e = raw[i] as string;
    if (e === 't') out += '\t';
    else if (e === 'n') out += '\n';
    else if (e === 'r') out += '\r';
    else if (e === 'f') out += '\f';
    else if (e === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new PropertiesSyntaxError(`malformed \\uXXXX escape '\\u${hex}'`, line);
      }
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else out += e;
  }
  return out;
}

/** Splits a logical line into its raw (still escaped) key and value. */
function splitEntry(logical: string): { rawKey: string; rawValue: string } {
  let i = 0;
  let keyEnd = logical.length;
  while (i < logical.length) {
    const c = logical[i] as string;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '=' || c === ':' || WHITESPACE.has(c)) {
      keyEnd = i;
      break;
    }
    i++;
  }
  keyEnd = Math.min(keyEnd, logical.length);
  let v = skipWhitespace(logical, keyEnd);
  if (v < logical.length && (logical[v] === '=' || logical[v] === ':')) v = skipWhitespace(logical, v + 1);
  return { rawKey: logical.slice(0, keyEnd), rawValue: logical.slice(v) };
}

/**
 * Parses a properties text.
 *
 * @throws PropertiesSyntaxError for a malformed `\uXXXX` escape.
 */
export function parseProperties(text: string): ParsedProperties {
  const { lines, eol, finalNewline } = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const entries: PropertyEntry[] = [];
  for (let n = 0; n < lines.length; n++) {
    const first = n;
    const line = lines[n] as string;
    const start = skipWhitespace(line, 0);
    if (start === line.length || line[start] === '#' || line[start] === '!') continue;
    let logical = line.slice(start);
    while (endsWithContinuation(logical) && n + 1 < lines.length) {
      n++;
      const next = lines[n] as string;
      logical = logical.slice(0, -1) + next.slice(skipWhitespace(next, 0));
    }
    if (endsWithContinuation(logical)) logical = logical.slice(0, -1);
    const { rawKey, rawValue } = splitEntry(logical);
    entries.push({
      key: decodeEscapes(rawKey, first + 1),
      value: decodeEscapes(rawValue, first + 1),
      firstLine: first,
      lastLine: n,
    });
  }
  return { entries, lines, eol, finalNewline };
}

/** The entries as a map (the last occurrence of a key wins, as in Java). */
export function propertiesToMap(parsed: ParsedProperties): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of parsed.entries) map.set(entry.key, entry.value);
  return map;
}

function escapeText(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const code = c.charCodeAt(0);
    if (c === '\\') out += '\\\\';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\f') out += '\\f';
    else if (c === '=' || c === ':' || c === '#' || c === '!') out += `\\${c}`;
    else if (c === ' ' && (isKey || i === 0)) out += '\\ ';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/**
 * One `key=value` line as `Properties.store` writes it: `=`, `:`, `#`, `!` and backslashes escaped (so a key hash
 * ending in `=` is written `\=`), leading spaces of the value and every space of the key escaped, and characters
 * outside printable ASCII as `\uXXXX`.
 */
export function formatPropertyLine(key: string, value: string): string {
  return `${escapeText(key, true)}=${escapeText(value, false)}`;
}

/**
 * The text with every entry of `key` replaced by one `key=value` line: the first occurrence is rewritten in place
 * (continuation lines included), later occurrences are removed, and when the key is absent the line is appended.
 * Comments, blank lines, other entries and the line terminators are kept as they were.
 *
 * @param sameKey which entries count as `key` (default: the exact key), e.g. every spelling a loader accepts.
 */
export function setPropertyInText(
  text: string,
  key: string,
  value: string,
  sameKey: (entryKey: string) => boolean = (entryKey) => entryKey === key,
): string {
  const parsed = parseProperties(text);
  const line = formatPropertyLine(key, value);
  const matches = parsed.entries.filter((entry) => sameKey(entry.key));
  const out: string[] = [];
  if (matches.length === 0) {
    out.push(...parsed.lines);
    // A missing final newline would otherwise glue the new line onto the last one.
    if (!parsed.finalNewline && out.length > 0 && out[out.length - 1] === '') out.pop();
    out.push(line);
    return out.join(parsed.eol) + parsed.eol;
  }
  const drop = new Set<number>();
  for (const match of matches.slice(1)) {
    for (let n = match.firstLine; n <= match.lastLine; n++) drop.add(n);
  }
  const first = matches[0] as PropertyEntry;
  for (let n = 0; n < parsed.lines.length; n++) {
    if (n === first.firstLine) out.push(line);
    else if ((n > first.firstLine && n <= first.lastLine) || drop.has(n)) continue;
    else out.push(parsed.lines[n] as string);
  }
  return out.join(parsed.eol) + (parsed.finalNewline ? parsed.eol : '');
}
