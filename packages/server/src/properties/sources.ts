/**
 * Where property values come from, in increasing precedence:
 *
 * 1. the properties file (`conf/ConnectorServer.properties` or `--properties <file>`);
 * 2. environment variables `RCS_<NAME>`: the key without `connectorserver.`, any case, underscores ignored
 *    (`RCS_PORT`, `RCS_USESSL`, `RCS_KEY_STORE_FILE`; the full key works too: `RCS_CONNECTORSERVER_PORT`), and
 *    `RCS_BUNDLE_PIN_<label>` for `rcskit.bundle.pin.<label>`;
 * 3. `-Dkey=value` words in the `OPENICF_OPTS` environment variable (as the Java start script passes them to the
 *    JVM; `-D` words outside the `connectorserver.` / `rcskit.` namespaces and other words are JVM options and
 *    ignored);
 * 4. `-Dkey=value` (or `-D key=value`) arguments on the command line.
 *
 * An empty value unsets the key (the Java sample files carry such lines, e.g. `connectorserver.proxyHost=`), also
 * over a lower layer. Unknown keys are problems, reported with the closest known name.
 *
 * @packageDocumentation
 */
import {
  findDefinition,
  PIN_PREFIX,
  PREFIX,
  PROPERTY_DEFINITIONS,
  type PropertyDefinition,
} from './definitions.js';
import { PropertiesSyntaxError, parseProperties } from './java-properties.js';
import { closestMatch } from './suggest.js';

/** Where a value was read. */
export interface ValueOrigin {
  /** `conf/ConnectorServer.properties:12`, `environment RCS_PORT`, `OPENICF_OPTS -D`, `command line -D`. */
  readonly description: string;
}

/** One value with its origin. */
export interface RawValue {
  /** The key as written. */
  readonly writtenKey: string;
  readonly value: string;
  readonly origin: ValueOrigin;
}

/** A problem found in the properties: the key (or env variable) it is about and what to do. */
export interface PropertyProblem {
  readonly key: string;
  readonly origin: string;
  readonly message: string;
}

/** The merged raw values: canonical key → value, plus pins and problems. */
export interface RawProperties {
  /** Canonical key → last value set (empty values removed). */
  readonly values: Map<string, RawValue>;
  /** Pin label → value. */
  readonly pins: Map<string, RawValue>;
  readonly problems: PropertyProblem[];
}

const PIN_LABEL = /^[\w.-]+$/;

/** An "unknown property" problem with a suggestion. */
function unknownKey(key: string, origin: string): PropertyProblem {
  const all = PROPERTY_DEFINITIONS.flatMap((d) => [d.key, ...(d.aliases ?? [])]);
  let suggestion = closestMatch(key, all);
  if (suggestion === undefined && !key.includes('.')) suggestion = findDefinition(`${PREFIX}${key}`)?.key;
  if (suggestion === undefined && key.toLowerCase().startsWith('rcskit.bundle.pin')) {
    suggestion = `${PIN_PREFIX}<label>`;
  }
  const hint =
    suggestion !== undefined ? ` — did you mean ${suggestion}?` : ' — run `rcs properties` for the list';
  return { key, origin, message: `${key} is not a known property${hint}` };
}

/** Starts an empty set of raw properties. */
export function emptyRawProperties(): RawProperties {
  return { values: new Map(), pins: new Map(), problems: [] };
}

/** Sets one key (canonical or not) from a layer; unknown keys become problems. */
export function setRawValue(raw: RawProperties, key: string, value: string, origin: string): void {
  const trimmedKey = key.trim();
  const entry: RawValue = { writtenKey: trimmedKey, value: value.trim(), origin: { description: origin } };
  if (trimmedKey.toLowerCase().startsWith(PIN_PREFIX)) {
    const label = trimmedKey.slice(PIN_PREFIX.length);
    if (!PIN_LABEL.test(label)) {
      raw.problems.push({
        key: trimmedKey,
        origin,
        message: `${trimmedKey}: a pin label may only hold letters, digits, '_', '-' and '.' (e.g. ${PIN_PREFIX}csv)`,
      });
      return;
    }
    if (entry.value === '') raw.pins.delete(label);
    else raw.pins.set(label, entry);
    return;
  }
  const definition: PropertyDefinition | undefined = findDefinition(trimmedKey);
  if (definition === undefined) {
    raw.problems.push(unknownKey(trimmedKey, origin));
    return;
  }
  if (entry.value === '') raw.values.delete(definition.key);
  else raw.values.set(definition.key, entry);
}

/** Adds the entries of a properties file's text. */
export function addFileLayer(raw: RawProperties, text: string, fileLabel: string): void {
  let parsed: ReturnType<typeof parseProperties>;
  try {
    parsed = parseProperties(text);
  } catch (error) {
    if (error instanceof PropertiesSyntaxError) {
      raw.problems.push({ key: '', origin: `${fileLabel}:${error.line}`, message: error.message });
      return;
    }
    throw error;
  }
  for (const entry of parsed.entries) {
    setRawValue(raw, entry.key, entry.value, `${fileLabel}:${entry.firstLine + 1}`);
  }
}

const ENV_PREFIX = 'RCS_';

function envNormal(text: string): string {
  return text.toLowerCase().replace(/[._]/g, '');
}

/** The environment variable name for a key (for messages): `RCS_PORT` for `connectorserver.port`. */
export function envNameFor(key: string): string {
  const bare = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : key;
  return `${ENV_PREFIX}${bare
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase()}`;
}

/** Adds `RCS_*` environment variables. */
export function addEnvironmentLayer(
  raw: RawProperties,
  env: Readonly<Record<string, string | undefined>>,
): void {
  const byNormal = new Map<string, PropertyDefinition>();
  for (const definition of PROPERTY_DEFINITIONS) {
    for (const key of [definition.key, ...(definition.aliases ?? [])]) {
      byNormal.set(envNormal(key), definition);
      byNormal.set(envNormal(key.slice(PREFIX.length)), definition);
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    const rest = name.slice(ENV_PREFIX.length);
    const origin = `environment ${name}`;
    const pin = /^BUNDLE_PIN_(.+)$/i.exec(rest);
    if (pin !== null) {
      setRawValue(raw, `${PIN_PREFIX}${(pin[1] as string).toLowerCase()}`, value, origin);
      continue;
    }
    const definition = byNormal.get(envNormal(rest));
    if (definition === undefined) {
      const names = PROPERTY_DEFINITIONS.map((d) => envNameFor(d.key));
      const suggestion = closestMatch(name, names);
      raw.problems.push({
        key: name,
        origin,
        message:
          `${name} does not name a property` +
          (suggestion !== undefined ? ` — did you mean ${suggestion}?` : ` (RCS_<property>, e.g. RCS_PORT)`),
      });
      continue;
    }
    setRawValue(raw, definition.key, value, origin);
  }
}

/** Splits a command-line-like string into words (single and double quotes group, backslash escapes). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function isOurNamespace(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.startsWith(PREFIX) || lower.startsWith('rcskit.');
}

/**
 * Adds `-Dkey=value` definitions. With `ignoreForeign`, definitions outside our namespaces are skipped (JVM
 * options in `OPENICF_OPTS`); otherwise they are problems.
 */
export function addDefinesLayer(
  raw: RawProperties,
  defines: readonly string[],
  origin: string,
  ignoreForeign: boolean,
): void {
  for (const define of defines) {
    const eq = define.indexOf('=');
    const key = eq < 0 ? define : define.slice(0, eq);
    const value = eq < 0 ? '' : define.slice(eq + 1);
    if (eq < 0 && !ignoreForeign) {
      raw.problems.push({ key, origin, message: `-D${define} has no value: write -D${key}=<value>` });
      continue;
    }
    if (ignoreForeign && !isOurNamespace(key)) continue;
    setRawValue(raw, key, value, origin);
  }
}

/** The `-D` definitions among the words of `OPENICF_OPTS` (`-Dk=v` and `-D k=v`). */
export function definesFromWords(words: readonly string[]): string[] {
  const defines: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '-D' && i + 1 < words.length) defines.push(words[++i] as string);
    else if (word.startsWith('-D') && word.length > 2) defines.push(word.slice(2));
  }
  return defines;
}

/** Splits `-Dkey=value` / `-D key=value` command-line arguments from the others. */
export function extractDefineArgs(args: readonly string[]): { defines: string[]; rest: string[] } {
  const defines: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-D' && i + 1 < args.length) defines.push(args[++i] as string);
    else if (arg.startsWith('-D') && arg.length > 2) defines.push(arg.slice(2));
    else rest.push(arg);
  }
  return { defines, rest };
}
