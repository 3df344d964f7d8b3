import { ScriptContext } from '@rcskit/core';
import { ConnectionGroup, type PeerChannel, RemoteConnectorInfoManager } from '@rcskit/transport';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorServer } from '../src/connector-server.js';
import { backoffDelay, type ClientMode, OAuth2TokenClient, TokenRequestError } from '../src/modes/index.js';
import { Secret } from '../src/properties/index.js';
import { startAcceptor, startTokenEndpoint } from './fixtures/acceptor.js';
import { bundleDir, capturingLogger, configFrom, eventually, sleep } from './fixtures/support.js';

const bundles = bundleDir({ 'test-bundle': 'test-bundle-1.1.0' });
afterAll(() => bundles.remove());

function clientConfig(urls: string, extra: Record<string, string> = {}) {
  return configFrom({
    'connectorserver.url': urls,
    'connectorserver.bundleDir': bundles.dir,
    'connectorserver.newConnectionsInterval': '0.1',
    'connectorserver.maxReconnectInterval': '0.4',
    'connectorserver.housekeepingInterval': '0.1',
    ...extra,
  });
}

async function echo(channel: PeerChannel): Promise<unknown> {
  const manager = await RemoteConnectorInfoManager.load(channel);
  const info = manager.connectorInfos[0];
  if (info === undefined) throw new Error('the RCS advertised no connector');
  return manager
    .createFacade(info, { configurationProperties: { greeting: 'from-idm' } })
    .runScriptOnConnector(new ScriptContext('javascript', 'echo'));
}

describe('client mode with Basic credentials', () => {
  it('dials the acceptor with webSocketConnections sockets and serves operations IDM sends on them', async () => {
    const acceptor = await startAcceptor({ users: { rcs1: 's3cret' } });
    const { logger, lines } = capturingLogger();
    const server = await ConnectorServer.start({
      config: clientConfig(acceptor.url, {
        'connectorserver.principal': 'rcs1',
        'connectorserver.password': 's3cret',
        'connectorserver.webSocketConnections': '3',
        'connectorserver.connectorServerName': 'rcs1',
        'connectorserver.hostId': 'HOST_A',
      }),
      logger,
    });
    try {
      const channel = await acceptor.nextChannel();
      expect(channel.principal).toBe('rcs1');
      await eventually(() => channel.socketCount === 3);
      expect(await echo(channel)).toBe('1.1.0:from-idm');
      expect(acceptor.upgrades[0]?.['x-openicf-connector-server-name']).toBe('rcs1');
      expect(acceptor.upgrades[0]?.['x-openicf-host-id']).toBe('HOST_A');
      expect(lines.join('\n')).not.toContain('s3cret');
      expect(lines.some((l) => l.includes('"msg":"Connector server dialling ws://127.0.0.1:'))).toBe(true);
    } finally {
      await server.stop();
      await acceptor.close();
    }
  });

  it('keeps retrying while credentials are refused, without logging them', async () => {
    const acceptor = await startAcceptor({ users: { rcs1: 'right' } });
    const { logger, lines } = capturingLogger();
    const server = await ConnectorServer.start({
      config: clientConfig(acceptor.url, {
        'connectorserver.principal': 'rcs1',
        'connectorserver.password': 'wrong-pw',
      }),
      logger,
    });
    try {
      await eventually(() => lines.filter((l) => l.includes('Cannot connect to IDM')).length >= 2);
      expect(lines.find((l) => l.includes('Cannot connect to IDM'))).toContain('HTTP 403');
      expect(lines.join('\n')).not.toContain('wrong-pw');
      expect(acceptor.channels).toEqual([]);
    } finally {
      await server.stop();
      await acceptor.close();
    }
  });

  it('reconnects after the acceptor restarts, and dials every listed URL', async () => {
    const first = await startAcceptor({ users: { anonymous: 'k' } });
    const second = await startAcceptor({ users: { anonymous: 'k' } });
    const server = await ConnectorServer.start({
      config: clientConfig(`${first.url} ${second.url}`, { 'connectorserver.password': 'k' }),
      logger: capturingLogger().logger,
    });
    try {
      await first.nextChannel();
      expect(await echo(await second.nextChannel())).toBe('1.1.0:from-idm');
      const port = first.port;
      await first.close();
      await sleep(300);
      const restarted = await startAcceptor({ users: { anonymous: 'k' } }, port);
      try {
        const channel = await restarted.nextChannel();
        expect(await echo(channel)).toBe('1.1.0:from-idm');
        const mode = server.mode as ClientMode;
        expect(mode.links[0]?.connectCount).toBe(2);
      } finally {
        await restarted.close();
      }
    } finally {
      await server.stop();
      await second.close();
    }
  });

  it('reopens a lost socket and, with connectionTtl, replaces old sockets while the channel stays open', async () => {
    const acceptor = await startAcceptor({ users: { anonymous: 'k' } });
    const server = await ConnectorServer.start({
      config: clientConfig(acceptor.url, {
        'connectorserver.password': 'k',
        'connectorserver.connectionTtl': '0.5',
      }),
      logger: capturingLogger().logger,
    });
    try {
      const channel = await acceptor.nextChannel();
      expect(channel).toBeInstanceOf(ConnectionGroup);
      const group = channel as ConnectionGroup;
      await eventually(() => group.socketCount === 2);
      const initial = group.sockets.filter((s) => s.isOpen);
      await initial[0]?.close(1000, 'test closes one socket');
      await eventually(() => group.sockets.filter((s) => s.isOpen && !initial.includes(s)).length >= 1, 5000);
      await eventually(() => initial.every((s) => !s.isOpen) && group.socketCount >= 1, 8000);
      expect(group.isOpen).toBe(true);
      expect(await echo(channel)).toBe('1.1.0:from-idm');
    } finally {
      await server.stop();
      await acceptor.close();
    }
  });
});

describe('client mode with OAuth2 client credentials', () => {
  it('fetches a token from tokenEndpoint, sends it as Bearer on every socket, and replaces a refused one', async () => {
    const tokens = new Set<string>();
    const endpoint = await startTokenEndpoint({ id: 'rcs-client', secret: 'cl1ent-s3cret' }, tokens);
    const acceptor = await startAcceptor({ tokens });
    const { logger, lines } = capturingLogger('debug');
    const server = await ConnectorServer.start({
      config: clientConfig(acceptor.url, {
        'connectorserver.tokenEndpoint': endpoint.url,
        'connectorserver.clientId': 'rcs-client',
        'connectorserver.clientSecret': 'cl1ent-s3cret',
        'connectorserver.scope': 'fr:idm:*',
      }),
      logger,
    });
    try {
      const channel = await acceptor.nextChannel();
      expect(channel.principal).toBe('oauth-client');
      expect(await echo(channel)).toBe('1.1.0:from-idm');
      expect(endpoint.requests).toEqual([
        {
          grant_type: 'client_credentials',
          client_id: 'rcs-client',
          client_secret: 'cl1ent-s3cret',
          scope: 'fr:idm:*',
        },
      ]);
      expect(acceptor.upgrades.every((h) => h.authorization === 'Bearer tok-1')).toBe(true);
      // A refused token is dropped and a new one fetched.
      tokens.clear();
      await channel.close();
      await eventually(() => endpoint.requests.length >= 2, 8000);
      const again = await acceptor.nextChannel();
      expect(await echo(again)).toBe('1.1.0:from-idm');
      const text = lines.join('\n');
      expect(text).not.toContain('cl1ent-s3cret');
      expect(text).not.toContain('tok-1');
    } finally {
      await server.stop();
      await acceptor.close();
      await endpoint.close();
    }
  });
});

describe('client mode with refused client credentials', () => {
  it('logs the token endpoint answer and keeps retrying, never logging the secret', async () => {
    const endpoint = await startTokenEndpoint({ id: 'rcs-client', secret: 'right' }, new Set());
    const acceptor = await startAcceptor({});
    const { logger, lines } = capturingLogger();
    const server = await ConnectorServer.start({
      config: clientConfig(acceptor.url, {
        'connectorserver.tokenEndpoint': endpoint.url,
        'connectorserver.clientId': 'rcs-client',
        'connectorserver.clientSecret': 'wr0ng-s3cret',
      }),
      logger,
    });
    try {
      await eventually(() => endpoint.requests.length >= 2);
      const failure = lines.find((l) => l.includes('Cannot connect to IDM'));
      expect(failure).toContain('Could not obtain credentials');
      expect(failure).toContain('answered HTTP 401: invalid_client');
      expect(lines.join('\n')).not.toContain('wr0ng-s3cret');
      expect(acceptor.upgrades).toEqual([]);
    } finally {
      await server.stop();
      await acceptor.close();
      await endpoint.close();
    }
  });
});

describe('OAuth2 token client', () => {
  it('caches the token, renews it shortly before it expires, and shares one request between callers', async () => {
    const tokens = new Set<string>();
    const endpoint = await startTokenEndpoint({ id: 'c', secret: 's', expiresIn: 100 }, tokens);
    let now = 1_000_000;
    const client = new OAuth2TokenClient(
      { tokenEndpoint: endpoint.url, clientId: 'c', clientSecret: new Secret('s') },
      { now: () => now },
    );
    try {
      expect(await Promise.all([client.token(), client.token()])).toEqual(['tok-1', 'tok-1']);
      now += 89_000; // 100 s lifetime, renewed in the last 10 s
      expect(await client.token()).toBe('tok-1');
      now += 2_000;
      expect(await client.token()).toBe('tok-2');
      client.invalidate();
      expect(await client.token()).toBe('tok-3');
      expect(client.requestCount).toBe(3);
    } finally {
      await endpoint.close();
    }
  });

  it('reports a refusal with the status and OAuth2 error, never the secret', async () => {
    const endpoint = await startTokenEndpoint({ id: 'c', secret: 'right' }, new Set());
    const client = new OAuth2TokenClient({
      tokenEndpoint: endpoint.url,
      clientId: 'c',
      clientSecret: new Secret('wr0ng'),
    });
    try {
      const failure = client.token();
      await expect(failure).rejects.toBeInstanceOf(TokenRequestError);
      await expect(failure).rejects.toThrow(
        /answered HTTP 401: invalid_client \(Client authentication failed\) for client c$/,
      );
      await expect(failure).rejects.not.toThrow(/wr0ng/);
    } finally {
      await endpoint.close();
    }
  });
});

describe('reconnect backoff', () => {
  it('doubles from newConnectionsInterval up to the cap, with jitter between half and all of it', () => {
    const policy = { baseMs: 1000, capMs: 60_000 };
    expect([0, 1, 2, 3, 6, 7, 50].map((n) => backoffDelay(policy, n, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 60_000, 60_000, 60_000,
    ]);
    expect(backoffDelay(policy, 2, () => 0)).toBe(2000);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(policy, 3);
      expect(delay).toBeGreaterThanOrEqual(4000);
      expect(delay).toBeLessThanOrEqual(8000);
    }
  });
});
