import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { ConnectionFailedException, ScriptContext } from '@rcskit/core';
import {
  ClientEndpoint,
  computeKeyHash,
  connectOpenIcf,
  RemoteConnectorInfoManager,
} from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorServer } from '../src/connector-server.js';
import { formatPrettyLine } from '../src/logging/index.js';
import { PropertiesError } from '../src/properties/index.js';
import { bundleDir, capturingLogger, configFrom, FIXTURES } from './fixtures/support.js';

const bundles = bundleDir({ 'test-bundle': 'test-bundle-1.1.0' });
const TLS = join(FIXTURES, 'tls');
afterAll(() => bundles.remove());

function config(extra: Record<string, string> = {}) {
  return configFrom({
    'connectorserver.bundleDir': bundles.dir,
    'connectorserver.port': '0',
    'connectorserver.ifaddress': '127.0.0.1',
    'connectorserver.key': computeKeyHash('Passw0rd'),
    ...extra,
  });
}

async function facadeFor(
  server: ConnectorServer,
  options: Partial<Parameters<typeof connectOpenIcf>[0]> = {},
) {
  const channel = await connectOpenIcf({
    url: server.url!,
    key: 'Passw0rd',
    localEndpoint: new ClientEndpoint(),
    ...options,
  });
  const manager = await RemoteConnectorInfoManager.load(channel);
  const info = manager.connectorInfos[0]!;
  return { channel, facade: manager.createFacade(info) };
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('server mode: the shared key', () => {
  let server: ConnectorServer;
  const log = capturingLogger('debug');
  beforeAll(async () => {
    server = await ConnectorServer.start({ config: config(), logger: log.logger });
  });
  afterAll(() => server.stop());

  it('listens on /openicf and accepts the key whose hash is connectorserver.key', async () => {
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/openicf$/);
    const { channel, facade } = await facadeFor(server);
    await facade.test();
    await channel.close();
  });

  it('refuses a wrong key with 403 and missing credentials with 401', async () => {
    const wrong = connectOpenIcf({ url: server.url!, key: 'changeit', localEndpoint: new ClientEndpoint() });
    await expect(wrong).rejects.toBeInstanceOf(ConnectionFailedException);
    await expect(wrong).rejects.toMatchObject({ httpStatus: 403 });
    const bearer = connectOpenIcf({
      url: server.url!,
      bearerToken: 'x',
      localEndpoint: new ClientEndpoint(),
    });
    await expect(bearer).rejects.toMatchObject({ httpStatus: 401 });
  });

  it('answers plain HTTP with 426 on the endpoint and 404 elsewhere', async () => {
    const http = server.url!.replace('ws://', 'http://');
    expect(await httpStatus(http)).toBe(426);
    expect(await httpStatus(http.replace('/openicf', '/other'))).toBe(404);
  });

  it('logs a start-up banner without the key or its hash', () => {
    const text = log.lines.join('\n');
    expect(text).toContain('rcskit connector server 0.1.0 starting');
    expect(text).toContain('"msg":"Mode: server"');
    expect(text).toContain('Connector server listening on ws://127.0.0.1:');
    expect(text).toContain('"msg":"Effective configuration"');
    expect(text).not.toContain(computeKeyHash('Passw0rd'));
    expect(text).not.toContain('Passw0rd');
  });

  it('redacts secret fields even when code logs them by mistake', () => {
    const { logger, lines } = capturingLogger();
    logger.info(
      {
        password: 'p1',
        client: { clientSecret: 's2', keyStorePass: 'k3' },
        headers: { authorization: 'Basic x4' },
      },
      'probe',
    );
    expect(lines[0]).toContain('"password":"********"');
    expect(lines[0]).toContain('"client":{"clientSecret":"********","keyStorePass":"********"}');
    expect(lines[0]).toContain('"headers":{"authorization":"********"}');
  });

  it('prints text lines with the component and connector tags', () => {
    expect(
      formatPrettyLine(
        '{"level":30,"time":"2026-01-01T00:00:00.000Z","component":"runtime","connector":"K","msg":"Connector registered","pooling":false}',
      ),
    ).toBe('2026-01-01T00:00:00.000Z INFO  [runtime K] Connector registered  pooling=false\n');
  });
});

describe('server mode: TLS', () => {
  // Made by fixtures/tls/generate.sh with the openssl CLI (committed: CI machines need not have openssl).
  const caPem = readFileSync(join(TLS, 'cert.pem'));

  it('serves wss:// with a PKCS12 key store made by openssl', async () => {
    const server = await ConnectorServer.start({
      config: config({
        'connectorserver.useSSL': 'true',
        'connectorserver.keyStoreFile': join(TLS, 'keystore.p12'),
        'connectorserver.keyStoreType': 'PKCS12',
        'connectorserver.keyStorePass': 'changeit',
        'connectorserver.keyPass': 'changeit',
      }),
      logger: capturingLogger().logger,
    });
    try {
      expect(server.url).toMatch(/^wss:\/\//);
      const { channel, facade } = await facadeFor(server, { ca: caPem, servername: 'localhost' });
      expect(await facade.runScriptOnConnector(new ScriptContext('javascript', 'x'))).toBe('1.1.0:hello');
      await channel.close();
      await expect(
        connectOpenIcf({ url: server.url!, key: 'Passw0rd', localEndpoint: new ClientEndpoint() }),
      ).rejects.toThrow(/self-signed|certificate/i);
    } finally {
      await server.stop();
    }
  });

  it('serves wss:// with PEM key and certificate files', async () => {
    const server = await ConnectorServer.start({
      config: config({
        'connectorserver.useSSL': 'true',
        'connectorserver.sslKeyFile': join(TLS, 'key.pem'),
        'connectorserver.sslCertFile': join(TLS, 'cert.pem'),
      }),
      logger: capturingLogger().logger,
    });
    try {
      const { channel, facade } = await facadeFor(server, { ca: caPem, servername: 'localhost' });
      await facade.test();
      await channel.close();
    } finally {
      await server.stop();
    }
  });

  it('names the key to fix for a wrong key store password or a broken JKS store', async () => {
    const wrong = ConnectorServer.start({
      config: config({
        'connectorserver.useSSL': 'true',
        'connectorserver.keyStoreFile': join(TLS, 'keystore.p12'),
        'connectorserver.keyStorePass': 'wrong',
      }),
      logger: capturingLogger().logger,
    });
    await expect(wrong).rejects.toBeInstanceOf(PropertiesError);
    await expect(wrong).rejects.toThrow(
      /connectorserver\.keyStorePass: the password does not open .*keystore\.p12/,
    );
    const jks = ConnectorServer.start({
      config: config({
        'connectorserver.useSSL': 'true',
        'connectorserver.keyStoreFile': join(TLS, 'keystore.jks'),
        'connectorserver.keyStorePass': 'changeit',
      }),
      logger: capturingLogger().logger,
    });
    // The fixture is only a JKS magic number: read as JKS, refused as unreadable.
    await expect(jks).rejects.toThrow(
      /connectorserver\.keyStoreFile: .*keystore\.jks is not a readable JKS store/,
    );
  });
});

describe('server mode: shutdown', () => {
  it('lets operations in progress finish within the grace period and refuses new ones meanwhile', async () => {
    const server = await ConnectorServer.start({ config: config(), logger: capturingLogger().logger });
    const { channel, facade } = await facadeFor(server);
    const slow = facade.runScriptOnConnector(new ScriptContext('javascript', 'sleep 400'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.operationsInProgress).toBe(1);
    const stopped = server.stop(5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(facade.test()).rejects.toThrow('The connector server is shutting down');
    expect(await slow).toBe('1.1.0:hello');
    await stopped;
    expect(channel.isOpen).toBe(false);
  });

  it('stops waiting when asked again with no grace (a second signal)', async () => {
    const server = await ConnectorServer.start({ config: config(), logger: capturingLogger().logger });
    const { facade } = await facadeFor(server);
    const slow = facade
      .runScriptOnConnector(new ScriptContext('javascript', 'sleep 5000'))
      .catch(() => 'failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const first = server.stop(30_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.stop(0);
    await first;
    expect(Date.now() - started).toBeLessThan(4000);
    expect(await slow).toBe('failed');
  });

  it('cancels operations still running when the grace period ends', async () => {
    const server = await ConnectorServer.start({ config: config(), logger: capturingLogger().logger });
    const { facade } = await facadeFor(server);
    const slow = facade.runScriptOnConnector(new ScriptContext('javascript', 'sleep 5000'));
    const outcome = slow.then(
      () => 'finished',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.stop(200);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(await outcome).toBe('failed');
  });
});
