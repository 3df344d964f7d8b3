import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionFailedException, GuardedString, IllegalArgumentException } from '@rcskit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basicAuthorization,
  computeKeyHash,
  connectOpenIcf,
  OPENICF_SUBPROTOCOL,
  type OpenIcfServer,
  type PeerChannel,
  parseBasicAuthorization,
  parseBearerAuthorization,
  OpenIcfServer as Server,
  verifyKey,
} from '../src/peer/index.js';
import {
  KEY,
  KEY_HASH,
  rejection,
  startTestServer,
  TestEndpoint,
  upgradeStatus,
  waitFor,
} from './peer-helpers.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'latin1').toString('base64')}`;

describe('key hash and Basic credentials', () => {
  it('hashes the key as base64(SHA-1(UTF-16BE))', () => {
    expect(computeKeyHash('changeit')).toBe('lmA6bMfENJGlIDbfrVtklXFK32s=');
    expect(computeKeyHash(new GuardedString('changeit'))).toBe(KEY_HASH);
    expect(verifyKey('changeit', KEY_HASH)).toBe(true);
    expect(verifyKey('changeit ', KEY_HASH)).toBe(false);
    expect(verifyKey('changeit', 'short')).toBe(false);
  });

  it('parses Basic like the Java RCS: any case, ISO-8859-1, first colon, trimmed', () => {
    expect(parseBasicAuthorization(basic('anonymous', 'changeit'))).toEqual({
      user: 'anonymous',
      password: 'changeit',
    });
    expect(parseBasicAuthorization(`bAsIc ${Buffer.from(' u : a:b ').toString('base64')}`)).toEqual({
      user: 'u',
      password: 'a:b',
    });
    expect(parseBasicAuthorization(basic('ü', 'é'))).toEqual({ user: 'ü', password: 'é' });
    expect(parseBasicAuthorization(basic('  ', 'changeit'))).toBeUndefined();
    expect(parseBasicAuthorization(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toBeUndefined();
    expect(parseBasicAuthorization('Bearer abc')).toBeUndefined();
    expect(parseBasicAuthorization(undefined)).toBeUndefined();
    expect(parseBearerAuthorization('bearer tok.en')).toBe('tok.en');
    expect(parseBearerAuthorization(basic('a', 'b'))).toBeUndefined();
  });

  it('builds Basic headers in ISO-8859-1 and refuses other characters', () => {
    expect(basicAuthorization('anonymous', 'changeit')).toBe(basic('anonymous', 'changeit'));
    expect(basicAuthorization('anonymous', new GuardedString('é'))).toBe(basic('anonymous', 'é'));
    expect(() => basicAuthorization('anonymous', 'key€')).toThrow(IllegalArgumentException);
  });
});

describe('upgrade authentication', () => {
  let server: OpenIcfServer;
  let url: string;

  beforeAll(async () => {
    ({ server } = await startTestServer());
    url = server.url;
  });
  afterAll(() => server.close());

  it('answers 401 with the Basic challenge without credentials', async () => {
    const res = await upgradeStatus(url);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="openicf.forgerock.org"');
    expect((await upgradeStatus(url, { Authorization: 'Bearer x' })).status).toBe(401);
  });

  it('answers 403 for a wrong key and 101 for the right one, echoing the sub-protocol', async () => {
    expect((await upgradeStatus(url, { Authorization: basic('anonymous', 'wrong') })).status).toBe(403);
    const ok = await upgradeStatus(url, {
      Authorization: basic('anonymous', KEY),
      'Sec-WebSocket-Protocol': `other, ${OPENICF_SUBPROTOCOL}`,
    });
    expect(ok.status).toBe(101);
    expect(ok.headers['sec-websocket-protocol']).toBe(OPENICF_SUBPROTOCOL);
    const noProtocol = await upgradeStatus(url, { Authorization: basic('anonymous', KEY) });
    expect(noProtocol.status).toBe(101);
    expect(noProtocol.headers['sec-websocket-protocol']).toBeUndefined();
  });

  it('accepts any non-blank user (Java) and refuses a blank one', async () => {
    expect((await upgradeStatus(url, { Authorization: basic('idm', KEY) })).status).toBe(101);
    expect((await upgradeStatus(url, { Authorization: basic(' ', KEY) })).status).toBe(401);
  });

  it('answers 404 on other paths and 426 to plain GETs of the endpoint', async () => {
    const other = url.replace('/openicf', '/other');
    expect((await upgradeStatus(other, { Authorization: basic('anonymous', KEY) })).status).toBe(404);
    const res = await fetch(url.replace(/^ws/, 'http'));
    expect(res.status).toBe(426);
    expect((await fetch(other.replace(/^ws/, 'http'))).status).toBe(404);
  });

  it('reports 401/403/refused connections as ConnectionFailedException naming the URL, never the key', async () => {
    const endpoint = new TestEndpoint();
    const wrong = connectOpenIcf({ url, key: 'secret-wrong-key', localEndpoint: endpoint });
    await expect(wrong).rejects.toThrow(ConnectionFailedException);
    const error = await rejection(wrong);
    expect(error.message).toContain(url);
    expect(error.message).toContain('403');
    expect(error.message).not.toContain('secret-wrong-key');
    expect(error.httpStatus).toBe(403);

    const bearer = await connectOpenIcf({ url, bearerToken: 'tok', localEndpoint: endpoint }).catch(
      (e: Error) => e,
    );
    expect(bearer).toBeInstanceOf(ConnectionFailedException);
    expect((bearer as Error).message).toContain('401');

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await connectOpenIcf({
      url: `ws://127.0.0.1:${port}/openicf`,
      key: KEY,
      localEndpoint: endpoint,
    }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(ConnectionFailedException);
    expect((refused as Error).message).toBe(`Connection refused by ws://127.0.0.1:${port}/openicf`);
  });

  it('refuses a client offering credentials of several kinds', async () => {
    await expect(
      connectOpenIcf({ url, key: KEY, bearerToken: 't', localEndpoint: new TestEndpoint() }),
    ).rejects.toThrow(IllegalArgumentException);
  });
});

describe('custom authenticator', () => {
  it('accepts Bearer tokens and principals through the hook and attaches the principal to the channel', async () => {
    const channels: PeerChannel[] = [];
    const server = new Server({
      host: '127.0.0.1',
      port: 0,
      localEndpoint: new TestEndpoint(),
      onChannel: (c) => channels.push(c),
      authenticate: (req) => {
        const header = req.headers.authorization;
        if (header === undefined) return 401;
        if (header === 'Bearer good-token') return 'rcs-bearer';
        const creds = parseBasicAuthorization(header);
        if (creds?.user === 'rcs1' && creds.password === 'pw') return 'rcs1';
        return 403;
      },
    });
    await server.listen();
    try {
      const viaToken = await connectOpenIcf({
        url: server.url,
        bearerToken: async () => 'good-token',
        localEndpoint: new TestEndpoint(),
      });
      const viaPassword = await connectOpenIcf({
        url: server.url,
        principal: 'rcs1',
        password: 'pw',
        localEndpoint: new TestEndpoint(),
      });
      await waitFor(() => channels.length === 2, 2000, 'two channels');
      expect(channels.map((c) => c.principal).sort()).toEqual(['rcs-bearer', 'rcs1']);
      expect(viaPassword.principal).toBe('rcs1');
      const refused = await connectOpenIcf({
        url: server.url,
        bearerToken: 'bad',
        localEndpoint: new TestEndpoint(),
      }).catch((e: Error) => e);
      expect((refused as Error).message).toContain('403');
      await viaToken.close();
      await viaPassword.close();
    } finally {
      await server.close();
    }
  });

  it('requires user anonymous when asked to (.NET rule)', async () => {
    const { server } = await startTestServer({ requireAnonymousUser: true });
    try {
      expect((await upgradeStatus(server.url, { Authorization: basic('idm', KEY) })).status).toBe(403);
      expect((await upgradeStatus(server.url, { Authorization: basic('anonymous', KEY) })).status).toBe(101);
    } finally {
      await server.close();
    }
  });

  it('needs some form of authentication', () => {
    expect(() => new Server({ localEndpoint: new TestEndpoint() })).toThrow(IllegalArgumentException);
  });

  it('attaches to an existing HTTP server and leaves other paths to it', async () => {
    const http = createServer((_req, res) => res.end('app'));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const server = new Server({ server: http, key: KEY, localEndpoint: new TestEndpoint() });
    try {
      await server.listen();
      const channel = await connectOpenIcf({ url: server.url, key: KEY, localEndpoint: new TestEndpoint() });
      expect(channel.isOpen).toBe(true);
      expect(await (await fetch(server.url.replace(/^ws/, 'http'))).text()).toBe('app');
      expect((await upgradeStatus(server.url.replace('/openicf', '/x'))).status).toBe(404);
      await channel.close();
    } finally {
      await server.close();
      await new Promise<void>((r) => http.close(() => r()));
    }
  });
});
