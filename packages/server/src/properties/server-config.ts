/**
 * The typed configuration of the RCS process, built from the merged property values (see `sources.ts`):
 * values converted and checked, defaults applied, relative paths resolved, the mode chosen, and every problem
 * collected into one {@link PropertiesError} that names the keys and the fixes.
 *
 * **Mode.** `connectorserver.mode=auto` (the default) follows the Java RCS: client mode when `connectorserver.url`
 * is set, server mode otherwise. `server` / `client` force a mode.
 *
 * **Relative paths** (`bundleDir`, key and trust stores, PEM files) resolve against the RCS home: the directory
 * above `conf/` when the properties file lives in a `conf` directory (`/path/to/openicf/conf/ConnectorServer.properties`
 * → `/path/to/openicf`, as the Java RCS documents "relative to /path/to/openicf/"), else the file's own directory,
 * else the working directory.
 *
 * @packageDocumentation
 */
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { parseVersionSpec } from '@rcskit/core';
import {
  findDefinition,
  JAVA_LOG_LEVELS,
  LOG_LEVELS,
  type LogLevel,
  PIN_PREFIX,
  PREFIX,
  PROPERTY_DEFINITIONS,
} from './definitions.js';
import { Secret } from './secret.js';
import type { PropertyProblem, RawProperties, RawValue } from './sources.js';

/**
 * The hash of `changeit`, the Java RCS's shipped default key (spec wire-protocol.md §2.2 test vector; equal to
 * transport's `computeKeyHash('changeit')`, kept literal so reading properties does not load the wire layer).
 */
export const DEFAULT_KEY_HASH = 'lmA6bMfENJGlIDbfrVtklXFK32s=';

/** A bundle pin: serve the highest installed version of `bundleName` that satisfies `range`. */
export interface BundlePin {
  /** The `<label>` of `rcskit.bundle.pin.<label>`. */
  readonly label: string;
  readonly bundleName: string;
  /** OpenICF range/version or npm semver range. */
  readonly range: string;
  /** Where the pin was set. */
  readonly origin: string;
}

/** TLS material settings (paths already resolved). */
export interface TlsSettings {
  readonly keyStoreFile?: string | undefined;
  readonly keyStoreType: string;
  readonly keyStorePass?: Secret | undefined;
  readonly keyPass?: Secret | undefined;
  /** Key entry to use in the key store. */
  readonly keyAlias?: string | undefined;
  readonly trustStoreFile?: string | undefined;
  readonly trustStoreType: string;
  readonly trustStorePass?: Secret | undefined;
  readonly sslKeyFile?: string | undefined;
  readonly sslCertFile?: string | undefined;
  readonly sslCaFile?: string | undefined;
}

/** OAuth2 client-credentials settings. */
export interface OAuth2Settings {
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly scope?: string | undefined;
}

/** HTTP proxy of client mode (`proxyHost`, `proxyPort`, `proxyPrincipal`, `proxyPassword`). */
export interface ProxySettings {
  readonly host: string;
  readonly port: number;
  readonly user?: string | undefined;
  readonly password?: Secret | undefined;
}

/** Client-mode settings. */
export interface ClientSettings {
  readonly urls: readonly string[];
  readonly connectorServerName?: string | undefined;
  readonly hostId?: string | undefined;
  readonly principal: string;
  readonly password?: Secret | undefined;
  readonly oauth2?: OAuth2Settings | undefined;
  readonly proxy?: ProxySettings | undefined;
  readonly webSocketConnections: number;
  readonly maxWebSocketConnections: number;
  readonly housekeepingIntervalMs: number;
  readonly connectionTtlMs: number;
  readonly newConnectionsIntervalMs: number;
  readonly maxReconnectIntervalMs: number;
}

/** The RCS configuration; see the module notes. */
export interface ServerConfig {
  /** The properties file read, if any (absolute). */
  readonly propertiesFile?: string | undefined;
  /** Directory relative paths resolve against. */
  readonly home: string;
  readonly mode: 'server' | 'client';
  /** Why that mode (for the start-up log). */
  readonly modeReason: string;
  readonly port: number;
  readonly ifaddress?: string | undefined;
  readonly keyHash: Secret;
  /** The key is still the shipped default (`changeit`). */
  readonly defaultKey: boolean;
  readonly useSSL: boolean;
  readonly tls: TlsSettings;
  readonly bundleDirs: readonly string[];
  readonly pins: readonly BundlePin[];
  /** `connectorserver.bundleWatch`: follow the bundle directories while running. */
  readonly bundleWatch: boolean;
  /** `connectorserver.bundleRetireGrace`, in ms. */
  readonly bundleRetireGraceMs: number;
  /** `connectorserver.bundleInstallOnStart`: install the lock file's bundles before serving. */
  readonly bundleInstallOnStart: boolean;
  /** Present in client mode. */
  readonly client?: ClientSettings | undefined;
  readonly pingPongIntervalMs: number;
  readonly groupCheckIntervalMs: number;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: LogLevel;
  readonly logFormat: 'auto' | 'pretty' | 'json';
  /** Non-fatal remarks to log at start-up (ignored keys, compatibility notes, …). */
  readonly warnings: readonly string[];
  /** Canonical key → where its value came from, for keys that were set. */
  readonly origins: ReadonlyMap<string, string>;
}

/** The properties could not be used; `problems` says which keys and how to fix them. */
export class PropertiesError extends Error {
  override readonly name = 'PropertiesError';
  constructor(readonly problems: readonly PropertyProblem[]) {
    super(
      problems.length === 1
        ? formatProblem(problems[0] as PropertyProblem)
        : `${problems.length} problems in the connector server properties:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
  }
}

function formatProblem(problem: PropertyProblem): string {
  return problem.origin === '' ? problem.message : `${problem.message} (${problem.origin})`;
}

/** Home directory for a properties file (see the module notes). */
export function homeFor(propertiesFile: string | undefined, cwd: string): string {
  if (propertiesFile === undefined) return cwd;
  const dir = dirname(resolve(cwd, propertiesFile));
  return basename(dir) === 'conf' ? dirname(dir) : dir;
}

/** Reads typed values out of the raw ones, collecting problems. */
class Reader {
  readonly problems: PropertyProblem[];
  constructor(
    readonly raw: RawProperties,
    readonly home: string,
  ) {
    this.problems = [...raw.problems];
  }

  entry(name: string): RawValue | undefined {
    return this.raw.values.get(`${PREFIX}${name}`);
  }

  has(name: string): boolean {
    return this.entry(name) !== undefined;
  }

  problem(name: string, message: string): void {
    const entry = this.entry(name);
    this.problems.push({ key: `${PREFIX}${name}`, origin: entry?.origin.description ?? '', message });
  }

  string(name: string): string | undefined {
    return this.entry(name)?.value;
  }

  secret(name: string): Secret | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : new Secret(value);
  }

  path(name: string): string | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : isAbsolute(value) ? value : resolve(this.home, value);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    this.problem(name, `${PREFIX}${name} must be true or false, not '${value}'`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.problem(name, `${PREFIX}${name} must be a whole number from ${min} to ${max}, not '${value}'`);
      return fallback;
    }
    return n;
  }

  seconds(name: string, fallbackSeconds: number): number {
    const value = this.string(name);
    if (value === undefined) return fallbackSeconds * 1000;
    const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) {
      this.problem(name, `${PREFIX}${name} is a number of seconds (e.g. 60 or 0.5), not '${value}'`);
      return fallbackSeconds * 1000;
    }
    return Math.round(n * 1000);
  }

  choice<T extends string>(name: string, fallback: T): T {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const definition = findDefinition(`${PREFIX}${name}`);
    const allowed = definition?.values ?? [];
    if (!allowed.includes(value.toLowerCase())) {
      this.problem(name, `${PREFIX}${name} must be one of ${allowed.join(', ')}, not '${value}'`);
      return fallback;
    }
    return value.toLowerCase() as T;
  }
}

/**
 * A URL safe for logs and messages: user info (`user:pass@`) replaced by `***`. The URL used to connect keeps it.
 */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.username === '' && url.password === '') return text;
    url.username = '***';
    url.password = '';
    return url.toString();
  } catch {
    return text.replace(/\/\/[^/@\s]*@/, '//***@');
  }
}

function parseUrls(reader: Reader): string[] {
  const value = reader.string('url');
  if (value === undefined) return [];
  const urls: string[] = [];
  for (const word of value.split(/[\s,]+/).filter((w) => w !== '')) {
    let url: URL;
    try {
      url = new URL(word);
    } catch {
      reader.problem(
        'url',
        `${PREFIX}url: '${redactUrl(word)}' is not a URL (e.g. wss://idm.example.com/openicf)`,
      );
      continue;
    }
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) {
      reader.problem('url', `${PREFIX}url: '${redactUrl(word)}' must use ws://, wss://, http:// or https://`);
      continue;
    }
    urls.push(url.toString());
  }
  return urls;
}

function parsePins(raw: RawProperties, problems: PropertyProblem[]): BundlePin[] {
  const pins: BundlePin[] = [];
  for (const [label, entry] of raw.pins) {
    const key = `${PIN_PREFIX}${label}`;
    const origin = entry.origin.description;
    const match = /^(\S+)\s+(.+)$/.exec(entry.value);
    if (match === null) {
      problems.push({
        key,
        origin,
        message: `${key} must be '<bundleName> <version range>', e.g. 'org.forgerock.openicf.connectors.csvfile-connector [1.5.0.0,1.6.0.0)' or '@acme/connector-x ^2.1.0'`,
      });
      continue;
    }
    const bundleName = match[1] as string;
    const range = (match[2] as string).trim();
    try {
      const spec = parseVersionSpec(range);
      if (spec.isEmpty) {
        problems.push({
          key,
          origin,
          message: `${key}: range '${range}' is empty, no version can satisfy it`,
        });
        continue;
      }
    } catch (error) {
      problems.push({ key, origin, message: `${key}: ${(error as Error).message}` });
      continue;
    }
    pins.push({ label, bundleName, range, origin });
  }
  return pins.sort((a, b) => a.label.localeCompare(b.label));
}

const CLIENT_ONLY = PROPERTY_DEFINITIONS.filter((d) => d.mode === 'client').map((d) => d.key);
const SERVER_ONLY = PROPERTY_DEFINITIONS.filter((d) => d.mode === 'server').map((d) => d.key);

function logLevelOf(reader: Reader): LogLevel {
  const value = reader.choice<string>('logLevel', 'info');
  return (JAVA_LOG_LEVELS[value] ?? (LOG_LEVELS.includes(value as LogLevel) ? value : 'info')) as LogLevel;
}

function tlsSettings(reader: Reader): TlsSettings {
  return {
    keyStoreFile: reader.path('keyStoreFile'),
    keyStoreType: reader.choice('keyStoreType', 'pkcs12'),
    keyStorePass: reader.secret('keyStorePass'),
    keyPass: reader.secret('keyPass'),
    keyAlias: reader.string('keyAlias'),
    trustStoreFile: reader.path('trustStoreFile'),
    trustStoreType: reader.choice('trustStoreType', 'pkcs12'),
    trustStorePass: reader.secret('trustStorePass'),
    sslKeyFile: reader.path('sslKeyFile'),
    sslCertFile: reader.path('sslCertFile'),
    sslCaFile: reader.path('sslCaFile'),
  };
}

function checkServerTls(reader: Reader, tls: TlsSettings, useSSL: boolean): void {
  if (!useSSL) return;
  const pem = tls.sslKeyFile !== undefined || tls.sslCertFile !== undefined;
  if (tls.keyStoreFile === undefined && !pem) {
    reader.problem(
      'useSSL',
      `${PREFIX}useSSL=true needs ${PREFIX}keyStoreFile (a PKCS12 or JKS key store) or ${PREFIX}sslKeyFile and ${PREFIX}sslCertFile (PEM)`,
    );
  }
  if (pem && (tls.sslKeyFile === undefined || tls.sslCertFile === undefined)) {
    reader.problem(
      tls.sslKeyFile === undefined ? 'sslCertFile' : 'sslKeyFile',
      `${PREFIX}sslKeyFile and ${PREFIX}sslCertFile go together: set both (PEM private key and certificate)`,
    );
  }
}

function proxySettings(reader: Reader): ProxySettings | undefined {
  const host = reader.string('proxyHost');
  const user = reader.string('proxyPrincipal');
  const password = reader.secret('proxyPassword');
  if (host === undefined) {
    if (user !== undefined || password !== undefined || reader.has('proxyPort')) {
      reader.problem('proxyPort', `the proxy settings need ${PREFIX}proxyHost (the HTTP proxy's host name)`);
    }
    return undefined;
  }
  if (password !== undefined && user === undefined) {
    reader.problem('proxyPassword', `${PREFIX}proxyPassword needs ${PREFIX}proxyPrincipal (the proxy user)`);
  }
  return { host, port: reader.integer('proxyPort', 8080, 1, 65535), user, password };
}

function clientSettings(reader: Reader, warnings: string[]): ClientSettings {
  const urls = parseUrls(reader);
  if (urls.length === 0 && !reader.problems.some((p) => p.key === `${PREFIX}url`)) {
    reader.problem('url', `client mode needs ${PREFIX}url, e.g. ${PREFIX}url=wss://idm.example.com/openicf`);
  }
  const name = reader.string('connectorServerName');
  // The name travels in an upgrade header: only printable ASCII can. Identity Cloud is reported to accept only
  // ^[a-z0-9]*$ names, but the seed's own sample says myConnectorServer: warn, do not refuse (docs/interop.md).
  if (name !== undefined && !/^[\x21-\x7e]*$/.test(name)) {
    reader.problem(
      'connectorServerName',
      `${PREFIX}connectorServerName must be printable ASCII without spaces (it is sent as an HTTP header), not '${name}'`,
    );
  } else if (name !== undefined && !/^[a-z0-9]*$/.test(name)) {
    warnings.push(
      `${PREFIX}connectorServerName '${name}' has characters other than a-z and 0-9; IDM's remoteConnectorClients name must match it exactly (Identity Cloud accepts only ^[a-z0-9]*$)`,
    );
  }
  let oauth2: OAuth2Settings | undefined;
  const tokenEndpoint = reader.string('tokenEndpoint');
  if (tokenEndpoint !== undefined) {
    const clientId = reader.string('clientId');
    const clientSecret = reader.secret('clientSecret');
    if (!/^https?:\/\//i.test(tokenEndpoint)) {
      reader.problem('tokenEndpoint', `${PREFIX}tokenEndpoint must be an http:// or https:// URL`);
    }
    if (clientId === undefined || clientSecret === undefined) {
      reader.problem(
        clientId === undefined ? 'clientId' : 'clientSecret',
        `${PREFIX}tokenEndpoint needs ${PREFIX}clientId and ${PREFIX}clientSecret (OAuth2 client credentials)`,
      );
    } else {
      oauth2 = { tokenEndpoint, clientId, clientSecret, scope: reader.string('scope') };
    }
  } else if (!reader.has('password')) {
    reader.problem(
      'password',
      `client mode needs ${PREFIX}password (Basic, with ${PREFIX}principal) or ${PREFIX}tokenEndpoint, ${PREFIX}clientId and ${PREFIX}clientSecret (OAuth2)`,
    );
  }
  const max = reader.integer('maxWebSocketConnections', 10, 1, 10);
  const connections = reader.integer('webSocketConnections', Math.min(2, max), 1, 10);
  if (connections > max) {
    reader.problem(
      'webSocketConnections',
      `${PREFIX}webSocketConnections (${connections}) is above ${PREFIX}maxWebSocketConnections (${max}): lower it or raise the maximum`,
    );
  }
  if (reader.has('useSSL')) {
    warnings.push(`${PREFIX}useSSL is not used in client mode: use wss:// in ${PREFIX}url for TLS`);
  }
  if (reader.has('sslKeyFile') !== reader.has('sslCertFile')) {
    reader.problem(
      reader.has('sslKeyFile') ? 'sslCertFile' : 'sslKeyFile',
      `${PREFIX}sslKeyFile and ${PREFIX}sslCertFile go together: set both (PEM private key and certificate for mutual TLS)`,
    );
  }
  const newConnectionsIntervalMs = reader.seconds('newConnectionsInterval', 1);
  return {
    urls,
    connectorServerName: name,
    hostId: reader.string('hostId'),
    principal: reader.string('principal') ?? 'anonymous',
    password: reader.secret('password'),
    oauth2,
    proxy: proxySettings(reader),
    webSocketConnections: connections,
    maxWebSocketConnections: max,
    housekeepingIntervalMs: Math.max(100, reader.seconds('housekeepingInterval', 10)),
    connectionTtlMs: reader.seconds('connectionTtl', 0),
    newConnectionsIntervalMs: Math.max(50, newConnectionsIntervalMs),
    maxReconnectIntervalMs: Math.max(newConnectionsIntervalMs, reader.seconds('maxReconnectInterval', 60)),
  };
}

/**
 * Builds the configuration from merged raw values.
 *
 * @throws PropertiesError listing every problem (unknown keys, bad values, missing companions).
 */
export function buildServerConfig(
  raw: RawProperties,
  options: { propertiesFile?: string | undefined; cwd: string },
): ServerConfig {
  const home = homeFor(options.propertiesFile, options.cwd);
  const reader = new Reader(raw, home);
  const warnings: string[] = [];

  const modeSetting = reader.choice<'auto' | 'server' | 'client'>('mode', 'auto');
  const hasUrl = reader.has('url');
  const mode = modeSetting === 'auto' ? (hasUrl ? 'client' : 'server') : modeSetting;
  const modeReason =
    modeSetting !== 'auto'
      ? `${PREFIX}mode=${modeSetting}`
      : hasUrl
        ? `${PREFIX}url is set`
        : `${PREFIX}url is not set`;

  const port = reader.integer('port', 8759, 0, 65535);
  const keyHashText = reader.string('key') ?? DEFAULT_KEY_HASH;
  if (!/^[A-Za-z0-9+/]{27}=$/.test(keyHashText)) {
    reader.problem(
      'key',
      `${PREFIX}key must be the key's hash (28 base64 characters, as written by 'rcs setkey <key>'), not a clear key: run rcs setkey <your key>`,
    );
  }
  const useSSL = reader.boolean('useSSL', false);
  const tls = tlsSettings(reader);
  if (mode === 'server') checkServerTls(reader, tls, useSSL);
  const bundleDirs = (reader.string('bundleDir') ?? 'connectors')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map((d) => (isAbsolute(d) ? d : resolve(home, d)));
  const pins = parsePins(raw, reader.problems);
  const bundleWatch = reader.boolean('bundleWatch', true);
  const bundleRetireGraceMs = reader.seconds('bundleRetireGrace', 600);
  const bundleInstallOnStart = reader.boolean('bundleInstallOnStart', false);
  const client = mode === 'client' ? clientSettings(reader, warnings) : undefined;

  const logLevel = logLevelOf(reader);
  const logFormat = reader.choice<'auto' | 'pretty' | 'json'>('logFormat', 'auto');
  const pingPongIntervalMs = reader.seconds('pingPongInterval', 60);
  const groupCheckIntervalMs = reader.seconds('groupCheckInterval', 240);
  const shutdownTimeoutMs = reader.seconds('shutdownTimeout', 10);

  for (const [key, entry] of raw.values) {
    const definition = findDefinition(key);
    if (definition?.type === 'ignored') warnings.push(`${key} is accepted for compatibility and ignored`);
    else if (mode === 'server' && CLIENT_ONLY.includes(key)) {
      warnings.push(
        `${key} is a client-mode property and is ignored in server mode (${entry.origin.description})`,
      );
    } else if (mode === 'client' && SERVER_ONLY.includes(key) && key !== `${PREFIX}useSSL`) {
      warnings.push(
        `${key} is a server-mode property and is ignored in client mode (${entry.origin.description})`,
      );
    }
  }

  if (reader.problems.length > 0) throw new PropertiesError(reader.problems);
  const origins = new Map<string, string>();
  for (const [key, entry] of raw.values) origins.set(key, entry.origin.description);
  for (const [label, entry] of raw.pins) origins.set(`${PIN_PREFIX}${label}`, entry.origin.description);
  return {
    propertiesFile:
      options.propertiesFile === undefined ? undefined : resolve(options.cwd, options.propertiesFile),
    home,
    mode,
    modeReason,
    port,
    ifaddress: reader.string('ifaddress'),
    keyHash: new Secret(keyHashText),
    defaultKey: keyHashText === DEFAULT_KEY_HASH,
    useSSL,
    tls,
    bundleDirs,
    pins,
    bundleWatch,
    bundleRetireGraceMs,
    bundleInstallOnStart,
    client,
    pingPongIntervalMs,
    groupCheckIntervalMs,
    shutdownTimeoutMs,
    logLevel,
    logFormat,
    warnings,
    origins,
  };
}
