import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { computeKeyHash } from '@rcskit/transport';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_KEY_HASH,
  loadServerConfig,
  PropertiesError,
  redactUrl,
  type ServerConfig,
} from '../src/properties/index.js';
import { configFrom, FIXTURES, scratchDir } from './fixtures/support.js';

const PROPS = join(FIXTURES, 'properties');

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof PropertiesError) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error('expected a PropertiesError');
}

async function asyncProblemsOf(action: () => Promise<unknown>): Promise<PropertiesError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof PropertiesError) return error;
    throw error;
  }
  throw new Error('expected a PropertiesError');
}

describe('the PingIDM sample files', () => {
  it('reads the server-mode sample: port, key, defaults; libDir and loggerClass accepted and ignored', async () => {
    const config = await loadServerConfig({ propertiesFile: join(PROPS, 'server-mode.properties'), env: {} });
    expect(config.mode).toBe('server');
    expect(config.modeReason).toBe('connectorserver.url is not set');
    expect(config.port).toBe(8759);
    expect(config.keyHash.reveal()).toBe(DEFAULT_KEY_HASH);
    expect(config.defaultKey).toBe(true);
    expect(config.pingPongIntervalMs).toBe(60_000);
    expect(config.bundleDirs).toEqual([join(PROPS, 'connectors')]);
    expect(config.warnings).toEqual(
      expect.arrayContaining([
        'connectorserver.libDir is accepted for compatibility and ignored',
        'connectorserver.loggerClass is accepted for compatibility and ignored',
        expect.stringContaining('connectorserver.principal is a client-mode property'),
      ]),
    );
  });

  it('reads the client-mode sample: URL selects client mode, OAuth2 settings, socket settings in seconds', async () => {
    const config = await loadServerConfig({ propertiesFile: join(PROPS, 'client-mode.properties'), env: {} });
    expect(config.mode).toBe('client');
    expect(config.client).toMatchObject({
      urls: ['wss://my-tenant.forgeblocks.com:8443/openicf'],
      connectorServerName: 'myconnectorserver',
      hostId: 'MY_UNIQUE_RCS_HOST_ID',
      webSocketConnections: 3,
      maxWebSocketConnections: 4,
      housekeepingIntervalMs: 20_000,
      connectionTtlMs: 3_000_000,
      newConnectionsIntervalMs: 10_000,
      oauth2: {
        tokenEndpoint: 'https://my-tenant.forgeblocks.com/am/oauth2/realms/root/realms/alpha/access_token',
        clientId: 'my-client-id',
        scope: 'fr:idm:*',
      },
    });
    expect(config.client?.oauth2?.clientSecret.reveal()).toBe('my-client-secret');
    expect(config.groupCheckIntervalMs).toBe(900_000);
  });
});

describe('unknown and bad properties', () => {
  it('names a misspelt key, its file and line, and the key it probably meant', async () => {
    const error = await asyncProblemsOf(() =>
      loadServerConfig({ propertiesFile: join(PROPS, 'typo.properties'), env: {}, cwd: PROPS }),
    );
    expect(error.message).toBe(
      'connectorserver.prot is not a known property — did you mean connectorserver.port? (typo.properties:3)',
    );
    expect(error.problems[0]?.key).toBe('connectorserver.prot');
  });

  it('suggests the prefix for a bare key and says where to look when nothing is close', () => {
    expect(problemsOf(() => configFrom({ bundleDir: 'x' }))).toEqual([
      'bundleDir is not a known property — did you mean connectorserver.bundleDir?',
    ]);
    expect(problemsOf(() => configFrom({ 'something.else': 'x' }))[0]).toContain(
      'run `rcs properties` for the list',
    );
  });

  it('reports every bad value at once, each with what is allowed', () => {
    const problems = problemsOf(() =>
      configFrom({
        'connectorserver.port': '87a9',
        'connectorserver.useSSL': 'yes',
        'connectorserver.pingPongInterval': 'soon',
        'connectorserver.logLevel': 'loud',
        'connectorserver.key': 'Passw0rd',
      }),
    );
    expect(problems).toEqual([
      "connectorserver.port must be a whole number from 0 to 65535, not '87a9'",
      expect.stringContaining("connectorserver.key must be the key's hash"),
      "connectorserver.useSSL must be true or false, not 'yes'",
      expect.stringMatching(/^connectorserver.logLevel must be one of fatal, error, warn, info/),
      "connectorserver.pingPongInterval is a number of seconds (e.g. 60 or 0.5), not 'soon'",
    ]);
  });

  it('accepts JKS key stores (their content is read at start-up, docs/tls.md)', () => {
    const config = configFrom({
      'connectorserver.useSSL': 'true',
      'connectorserver.keyStoreFile': 'security/keystore.jks',
      'connectorserver.keyStoreType': 'JKS',
    });
    expect(config.tls.keyStoreType).toBe('jks');
  });

  it('asks for TLS material when useSSL is on', () => {
    expect(problemsOf(() => configFrom({ 'connectorserver.useSSL': 'true' }))[0]).toContain(
      'connectorserver.useSSL=true needs connectorserver.keyStoreFile',
    );
    expect(
      problemsOf(() =>
        configFrom({ 'connectorserver.useSSL': 'true', 'connectorserver.sslKeyFile': 'k.pem' }),
      )[0],
    ).toContain('go together');
  });

  it('checks client-mode companions: credentials, OAuth2 pairs, socket counts, server name syntax', () => {
    expect(problemsOf(() => configFrom({ 'connectorserver.url': 'ws://idm/openicf' }))[0]).toContain(
      'client mode needs connectorserver.password',
    );
    expect(
      problemsOf(() =>
        configFrom({
          'connectorserver.url': 'ws://idm/openicf',
          'connectorserver.tokenEndpoint': 'http://am/token',
        }),
      )[0],
    ).toContain('needs connectorserver.clientId and connectorserver.clientSecret');
    expect(
      problemsOf(() =>
        configFrom({
          'connectorserver.url': 'ftp://idm/openicf',
          'connectorserver.password': 'x',
          'connectorserver.webSocketConnections': '5',
          'connectorserver.maxWebSocketConnections': '4',
          'connectorserver.connectorServerName': 'My RCS',
        }),
      ),
    ).toEqual([
      "connectorserver.url: 'ftp://idm/openicf' must use ws://, wss://, http:// or https://",
      expect.stringContaining('connectorserver.connectorServerName must be printable ASCII without spaces'),
      expect.stringContaining(
        'connectorserver.webSocketConnections (5) is above connectorserver.maxWebSocketConnections (4)',
      ),
    ]);
    // The seed's own sample name has upper-case letters: a warning, not a refusal (docs/interop.md).
    const mixed = configFrom({
      'connectorserver.url': 'ws://idm/openicf',
      'connectorserver.password': 'x',
      'connectorserver.connectorServerName': 'myConnectorServer',
    });
    expect(mixed.warnings).toContainEqual(expect.stringContaining("connectorServerName 'myConnectorServer'"));
    expect(
      problemsOf(() => configFrom({ 'connectorserver.mode': 'client', 'connectorserver.password': 'x' }))[0],
    ).toContain('client mode needs connectorserver.url');
  });

  it('checks pins: syntax and version range', () => {
    expect(problemsOf(() => configFrom({ 'rcskit.bundle.pin.csv': 'only-a-name' }))[0]).toContain(
      "rcskit.bundle.pin.csv must be '<bundleName> <version range>'",
    );
    expect(problemsOf(() => configFrom({ 'rcskit.bundle.pin.csv': 'x [1.6,1.5]' }))[0]).toContain('is empty');
    expect(problemsOf(() => configFrom({ 'rcskit.bundle.pin.csv': 'x not-a-range!' }))[0]).toContain(
      'Invalid version spec',
    );
    expect(problemsOf(() => configFrom({ 'rcskit.bundle.pin.c s v': 'x 1.0' }))[0]).toContain(
      'a pin label may only hold',
    );
  });
});

describe('keys, aliases and modes', () => {
  it('matches keys in any case (usessl as in the open-source Java file) and accepts the javax-style aliases', () => {
    const config = configFrom({
      'connectorserver.usessl': 'true',
      'connectorserver.keyStore': 'security/ks.p12',
      'connectorserver.keyStorePassword': 'secret',
      'CONNECTORSERVER.PORT': '9000',
    });
    expect(config.useSSL).toBe(true);
    expect(config.port).toBe(9000);
    expect(config.tls.keyStoreFile).toMatch(/security\/ks\.p12$/);
    expect(config.tls.keyStorePass?.reveal()).toBe('secret');
  });

  it('selects client mode from the URL, and lets connectorserver.mode force a mode', () => {
    const client = configFrom({
      'connectorserver.url': 'wss://a.example/openicf , wss://b.example/openicf wss://c.example/openicf/2',
      'connectorserver.password': 'changeit',
    });
    expect(client.mode).toBe('client');
    expect(client.client?.urls).toEqual([
      'wss://a.example/openicf',
      'wss://b.example/openicf',
      'wss://c.example/openicf/2',
    ]);
    expect(client.client?.principal).toBe('anonymous');
    const forced = configFrom({
      'connectorserver.url': 'ws://idm/openicf',
      'connectorserver.mode': 'server',
    });
    expect(forced.mode).toBe('server');
    expect(forced.modeReason).toBe('connectorserver.mode=server');
  });

  it('treats an empty value as unset', () => {
    expect(configFrom({ 'connectorserver.url': '', 'connectorserver.proxyHost': '' }).mode).toBe('server');
  });

  it('resolves relative paths against the directory above conf/', async () => {
    const scratch = scratchDir('home');
    try {
      mkdirSync(join(scratch.dir, 'conf'));
      const file = join(scratch.dir, 'conf', 'ConnectorServer.properties');
      writeFileSync(
        file,
        'connectorserver.bundleDir=bundles, /abs/other\nconnectorserver.sslCaFile=security/ca.pem\n',
      );
      const config = await loadServerConfig({ propertiesFile: file, env: {} });
      expect(config.home).toBe(scratch.dir);
      expect(config.bundleDirs).toEqual([join(scratch.dir, 'bundles'), '/abs/other']);
      expect(config.tls.sslCaFile).toBe(join(scratch.dir, 'security', 'ca.pem'));
    } finally {
      scratch.remove();
    }
  });
});

describe('overrides: RCS_* variables, OPENICF_OPTS and -D', () => {
  const scratch = scratchDir('overrides');
  const file = join(scratch.dir, 'ConnectorServer.properties');
  writeFileSync(
    file,
    'connectorserver.port=1000\nconnectorserver.pingPongInterval=5\nconnectorserver.bundleDir=b\n',
  );
  afterAll(() => scratch.remove());

  it('applies file < RCS_* < OPENICF_OPTS -D < command-line -D', async () => {
    const config = await loadServerConfig({
      propertiesFile: file,
      env: {
        RCS_PORT: '2000',
        RCS_PING_PONG_INTERVAL: '7',
        RCS_GROUPCHECKINTERVAL: '30',
        RCS_CONNECTORSERVER_LOG_LEVEL: 'debug',
        OPENICF_OPTS:
          '-Xmx512m -Djava.security.egd=file:/dev/urandom -Dconnectorserver.port=3000 -D "connectorserver.shutdownTimeout=2"',
      },
      defines: ['connectorserver.port=4000'],
    });
    expect(config.port).toBe(4000);
    expect(config.pingPongIntervalMs).toBe(7000);
    expect(config.groupCheckIntervalMs).toBe(30_000);
    expect(config.logLevel).toBe('debug');
    expect(config.shutdownTimeoutMs).toBe(2000);
    expect(config.origins.get('connectorserver.port')).toBe('command line -D');
    expect(config.origins.get('connectorserver.pingPongInterval')).toBe('environment RCS_PING_PONG_INTERVAL');
  });

  it('maps RCS_BUNDLE_PIN_<label> to a pin and lets an empty override unset a key', async () => {
    const config = await loadServerConfig({
      propertiesFile: file,
      env: { RCS_BUNDLE_PIN_CSV: 'org.forgerock.openicf.connectors.csvfile-connector [1.5.0.0,1.6.0.0)' },
      defines: ['connectorserver.port='],
    });
    expect(config.port).toBe(8759);
    expect(config.pins).toEqual([
      expect.objectContaining({
        label: 'csv',
        bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
        range: '[1.5.0.0,1.6.0.0)',
      }),
    ]);
  });

  it('names an unknown RCS_ variable and the variable it probably meant', async () => {
    const error = await asyncProblemsOf(() =>
      loadServerConfig({ propertiesFile: file, env: { RCS_PROT: '1' } }),
    );
    expect(error.message).toBe(
      'RCS_PROT does not name a property — did you mean RCS_PORT? (environment RCS_PROT)',
    );
  });

  it('refuses an unknown -D key on the command line but ignores foreign -D words in OPENICF_OPTS', async () => {
    const error = await asyncProblemsOf(() =>
      loadServerConfig({ propertiesFile: file, env: {}, defines: ['connectorserver.prot=1'] }),
    );
    expect(error.message).toContain('did you mean connectorserver.port? (command line -D)');
    const unknownInOpts = await asyncProblemsOf(() =>
      loadServerConfig({ propertiesFile: file, env: { OPENICF_OPTS: '-Dconnectorserver.bundledir2=x' } }),
    );
    expect(unknownInOpts.message).toContain('connectorserver.bundledir2 is not a known property');
  });

  it('fails for a missing explicit file, and runs on defaults when the default file is missing', async () => {
    const error = await asyncProblemsOf(() =>
      loadServerConfig({ propertiesFile: join(scratch.dir, 'nope'), env: {} }),
    );
    expect(error.message).toContain('does not exist');
    const config = await loadServerConfig({ env: {}, cwd: scratch.dir });
    expect(config.propertiesFile).toBeUndefined();
    expect(config.port).toBe(8759);
    expect(config.bundleDirs).toEqual([join(scratch.dir, 'connectors')]);
  });
});

describe('secrets', () => {
  it('never show up when a configuration is printed, serialized or inspected', () => {
    const config: ServerConfig = configFrom({
      'connectorserver.url': 'wss://idm/openicf',
      'connectorserver.password': 'pa55-basic',
      'connectorserver.tokenEndpoint': 'https://am/token',
      'connectorserver.clientId': 'rcs',
      'connectorserver.clientSecret': 'cl1ent-secret',
      'connectorserver.keyStorePass': 'st0re-pass',
      'connectorserver.key': computeKeyHash('Passw0rd'),
    });
    const texts = [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.keyHash)];
    for (const text of texts) {
      for (const secret of ['pa55-basic', 'cl1ent-secret', 'st0re-pass', computeKeyHash('Passw0rd')]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});

describe('client-mode URLs in logs', () => {
  it('never show user info, while the URL used to connect keeps it', () => {
    expect(redactUrl('wss://rcs:s3cret@idm.example.com/openicf')).toBe('wss://***@idm.example.com/openicf');
    expect(redactUrl('wss://idm.example.com/openicf')).toBe('wss://idm.example.com/openicf');
    expect(redactUrl('not a url //u:p@host')).not.toContain('u:p');
  });
});
