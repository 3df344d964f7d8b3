import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionFailedException } from '@rcskit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestClient, firstResponse, opRequest, startTestServer } from './peer-helpers.js';

// openssl makes the certificate; CI never skips TLS tests, so a missing openssl fails here loudly.
describe('wss with a self-signed certificate', () => {
  let dir: string;
  let key: Buffer;
  let cert: Buffer;
  let pfx: Buffer;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rcskit-tls-'));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    );
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      'key.pem',
      '-in',
      'cert.pem',
      '-out',
      'cert.p12',
      '-passout',
      'pass:secret',
    );
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
    pfx = readFileSync(join(dir, 'cert.p12'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves wss from PEM key and certificate', async () => {
    const { server } = await startTestServer({ tls: { key, cert } });
    try {
      expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/openicf$/);
      const { channel } = await connectTestClient(server.url, { ca: cert });
      const answer = await firstResponse(channel.sendRequest(opRequest({ testOpRequest: {} })));
      expect(answer?.testOpResponse).toBeDefined();
      await channel.close();

      const untrusted = await connectTestClient(server.url).catch((e: Error) => e);
      expect(untrusted).toBeInstanceOf(ConnectionFailedException);
      expect((untrusted as Error).message).toContain(server.url);
      const insecure = await connectTestClient(server.url, { rejectUnauthorized: false });
      expect(insecure.channel.isOpen).toBe(true);
      await insecure.channel.close();
    } finally {
      await server.close();
    }
  });

  it('serves wss from a PKCS#12 file and passphrase', async () => {
    const { server } = await startTestServer({ tls: { pfx, passphrase: 'secret' } });
    try {
      const { channel } = await connectTestClient(server.url, { ca: cert, sockets: 2 });
      expect(channel.socketCount).toBe(2);
      expect([...(await channel.requestConnectorInfos())]).toEqual([9, 9, 9]);
      await channel.close();
    } finally {
      await server.close();
    }
    await expect(startTestServer({ tls: { pfx, passphrase: 'wrong' } })).rejects.toThrow();
  });
});
