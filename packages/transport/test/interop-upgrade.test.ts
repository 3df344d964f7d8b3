/**
 * The stock Java peers' upgrade requests (fixtures/java-openicf-2.0.4, see its README), replayed byte for byte
 * over raw TCP against `OpenIcfServer`, plus the handshake variants `docs/interop.md` decides on.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  headerValues,
  type OpenIcfServer,
  parseBasicAuthorization,
  parseTranscript,
  type RawHttpAnswer,
  sendRawHttp,
  sharedKeyAuthenticator,
  startOpenIcfServer,
} from '../src/index.js';
import { KEY_HASH, TestEndpoint } from './peer-helpers.js';

const RECORDINGS = join(import.meta.dirname, 'fixtures', 'java-openicf-2.0.4');
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Every recorded upgrade request: the two raw files and the c2s heads of every transcript. */
export function recordedUpgrades(): { name: string; bytes: Buffer }[] {
  const out = ['upgrade-java-client.http', 'upgrade-java-rcs-client-mode.http'].map((name) => ({
    name,
    bytes: readFileSync(join(RECORDINGS, name)),
  }));
  for (const set of ['java-rcs', 'rcskit-rcs']) {
    for (const file of readdirSync(join(RECORDINGS, set)).sort()) {
      const records = parseTranscript(readFileSync(join(RECORDINGS, set, file), 'utf8'));
      for (const record of records) {
        if (record.dir === 'c2s' && record.http !== undefined) {
          out.push({ name: `${set}/${file}#${record.conn}`, bytes: Buffer.from(record.http, 'latin1') });
        }
      }
    }
  }
  return out;
}

function acceptFor(request: Buffer): string {
  const key = /Sec-WebSocket-Key: (\S+)/i.exec(request.toString('latin1'))?.[1] ?? '';
  return createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
}

function expectAccepted(answer: RawHttpAnswer, request: Buffer): void {
  expect(answer.statusLine).toBe('HTTP/1.1 101 Switching Protocols');
  expect(headerValues(answer, 'Sec-WebSocket-Protocol')).toEqual(['v1.openicf.forgerock.org']);
  expect(headerValues(answer, 'Sec-WebSocket-Accept')).toEqual([acceptFor(request)]);
  expect(headerValues(answer, 'Sec-WebSocket-Extensions')).toEqual([]);
}

describe('recorded Java upgrade requests against OpenIcfServer', () => {
  let server: OpenIcfServer;
  const shared = sharedKeyAuthenticator(KEY_HASH);

  beforeAll(async () => {
    server = await startOpenIcfServer({
      host: '127.0.0.1',
      port: 0,
      localEndpoint: new TestEndpoint(),
      // The shared key for the Java client, the recorded principal/password for the Java RCS in client mode.
      authenticate: (request) => {
        const basic = parseBasicAuthorization(request.headers.authorization);
        if (basic?.user === 'onprem') return basic.password === 'cl1ent-s3cret' ? 'onprem' : 403;
        return shared(request);
      },
    });
  });
  afterAll(() => server.close());

  const upgrades = recordedUpgrades();

  it('has the recordings (2 raw requests, 2 per transcript)', () => {
    expect(upgrades.length).toBe(2 + 2 * 30);
  });

  it.each(upgrades.filter((u) => !u.name.includes('wrongKey')))('accepts %s with 101', async ({ bytes }) => {
    expect(bytes.toString('latin1').match(/^Sec-WebSocket-Protocol:/gim)).toHaveLength(2);
    expectAccepted(await sendRawHttp(bytes, { port: server.address!.port }), bytes);
  });

  it.each(upgrades.filter((u) => u.name.includes('wrongKey')))('refuses %s with 403', async ({ bytes }) => {
    const answer = await sendRawHttp(bytes, { port: server.address!.port });
    expect(answer.status).toBe(403);
  });
});

describe('handshake variants (docs/interop.md#what-rcskit-accepts-in-the-upgrade-request)', () => {
  let server: OpenIcfServer;
  const java = readFileSync(join(RECORDINGS, 'upgrade-java-client.http')).toString('latin1');
  const send = (text: string) => sendRawHttp(Buffer.from(text, 'latin1'), { port: server.address!.port });
  const edit = (from: RegExp, to: string) => java.replace(from, to);

  beforeAll(async () => {
    server = await startOpenIcfServer({
      host: '127.0.0.1',
      port: 0,
      keyHash: KEY_HASH,
      localEndpoint: new TestEndpoint(),
    });
  });
  afterAll(() => server.close());

  it('ignores header-name case and value case of Upgrade / Connection', async () => {
    const text = java
      .replace(/^([A-Za-z-]+):/gm, (_m, name: string) => `${name.toLowerCase()}:`)
      .replace('Upgrade: WebSocket', 'upgrade: WEBSOCKET')
      .replace('connection: Upgrade', 'connection: keep-alive, UPGRADE');
    expectAccepted(await send(text), Buffer.from(text, 'latin1'));
  });

  it('needs no Origin, and ignores a wss:// Origin on ws', async () => {
    const text = edit(/^Origin: .*\r\n/m, '');
    expectAccepted(await send(text), Buffer.from(text, 'latin1'));
  });

  it('answers without a sub-protocol when none is offered, and echoes one of a list', async () => {
    const none = edit(/^Sec-WebSocket-Protocol: .*\r\n/gm, '');
    const answer = await send(none);
    expect(answer.status).toBe(101);
    expect(headerValues(answer, 'Sec-WebSocket-Protocol')).toEqual([]);
    const list = edit(/^Sec-WebSocket-Protocol: .*\r\n/gm, '').replace(
      '\r\n\r\n',
      '\r\nSec-WebSocket-Protocol: other, v1.openicf.forgerock.org, v1.openicf.forgerock.org\r\n\r\n',
    );
    expectAccepted(await send(list), Buffer.from(list, 'latin1'));
  });

  it('offers no extensions even when the client asks for permessage-deflate', async () => {
    const text = java.replace('\r\n\r\n', '\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n');
    expectAccepted(await send(text), Buffer.from(text, 'latin1'));
  });

  it('reads the Basic scheme in any case; a repeated Authorization line counts once (the first)', async () => {
    const lower = edit(/Authorization: Basic/, 'Authorization: basic ');
    expect((await send(lower)).status).toBe(101);
    const repeated = java.replace(
      /^(Authorization: .*\r\n)/m,
      '$1Authorization: Basic YW5vbnltb3VzOndyb25nLWtleQ==\r\n',
    );
    expect((await send(repeated)).status).toBe(101);
    const wrongFirst = java.replace(
      /^(Authorization: .*\r\n)/m,
      'Authorization: Basic YW5vbnltb3VzOndyb25nLWtleQ==\r\n$1',
    );
    expect((await send(wrongFirst)).status).toBe(403);
  });

  it('answers 401 with the Basic challenge without credentials, 403 for a wrong key', async () => {
    const none = await send(edit(/^Authorization: .*\r\n/m, ''));
    expect(none.status).toBe(401);
    expect(headerValues(none, 'WWW-Authenticate')).toEqual(['Basic realm="openicf.forgerock.org"']);
    const wrong = await send(edit(/Basic \S+/, 'Basic YW5vbnltb3VzOndyb25nLWtleQ=='));
    expect(wrong.statusLine).toBe('HTTP/1.1 403 Forbidden');
  });

  it('refuses what no real peer sends: a repeated key, another version', async () => {
    const twoKeys = java.replace(/^(Sec-WebSocket-Key: .*\r\n)/m, '$1$1');
    expect((await send(twoKeys)).status).toBe(400);
    const version = edit(/Sec-WebSocket-Version: 13/, 'Sec-WebSocket-Version: 7');
    expect((await send(version)).status).toBe(400);
  });
});
