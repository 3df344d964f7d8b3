import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectOpenIcf, OperationDispatcher, startOpenIcfServer } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../src/gateway.js';
import { ADMIN_HEADERS, accountProvisioner, eventually, testConnectorServers } from './support/harness.js';
import { TestProvider } from './support/test-connector.js';

// openssl makes the certificate; CI never skips TLS tests, so a missing openssl fails here loudly.
describe('TLS: wss to a server-mode RCS, https/wss for client-mode RCSs', () => {
  let certDir: string;
  let key: Buffer;
  let cert: Buffer;

  beforeAll(() => {
    certDir = mkdtempSync(join(tmpdir(), 'rcskit-gw-tls-'));
    execFileSync(
      'openssl',
      [
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
      ],
      { cwd: certDir, stdio: 'pipe' },
    );
    key = readFileSync(join(certDir, 'key.pem'));
    cert = readFileSync(join(certDir, 'cert.pem'));
  });

  afterAll(() => rmSync(certDir, { recursive: true, force: true }));

  it('dials wss with the configured CA file, and stays disconnected without it', async () => {
    const provider = new TestProvider('tls');
    const rcs = await startOpenIcfServer({
      host: '127.0.0.1',
      port: 0,
      key: 'Passw0rd',
      tls: { key, cert },
      localEndpoint: new OperationDispatcher(provider),
    });
    const dir = await mkdtemp(join(tmpdir(), 'rcskit-gw-'));
    await mkdir(join(dir, 'conf'), { recursive: true });
    await writeFile(join(dir, 'rcs-ca.pem'), cert);
    const port = rcs.address!.port;
    await writeFile(
      join(dir, 'conf', 'provisioner.openicf.connectorinfoprovider.json'),
      JSON.stringify({
        remoteConnectorServers: [
          { name: 'trusted', host: '127.0.0.1', port, useSSL: true, key: 'Passw0rd', caFile: 'rcs-ca.pem' },
          { name: 'untrusted', host: '127.0.0.1', port, useSSL: true, key: 'Passw0rd' },
        ],
      }),
    );
    await writeFile(
      join(dir, 'conf', 'provisioner.openicf-mem.json'),
      JSON.stringify(accountProvisioner('mem', 'trusted')),
    );
    const gateway = await startGateway({
      dir,
      port: 0,
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      users: { scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } },
      watch: false,
    });
    try {
      const servers = () => testConnectorServers(gateway.url);
      await eventually(async () => (await servers()).find((s) => s.name === 'trusted')?.ok === true);
      const untrusted = (await servers()).find((s) => s.name === 'untrusted');
      expect(untrusted.ok).toBe(false);
      expect(untrusted.url).toBe(`wss://127.0.0.1:${port}/openicf`);
      const test = await fetch(`${gateway.url}/openidm/system/mem?_action=test`, {
        method: 'POST',
        headers: ADMIN_HEADERS,
      });
      expect(((await test.json()) as { ok: boolean }).ok).toBe(true);
    } finally {
      await gateway.close();
      await rcs.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves https, and accepts client-mode RCSs over wss on the same port', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rcskit-gw-'));
    await mkdir(join(dir, 'conf'), { recursive: true });
    await writeFile(
      join(dir, 'conf', 'provisioner.openicf.connectorinfoprovider.json'),
      JSON.stringify({ remoteConnectorClients: [{ name: 'onprem', password: 's3cret' }] }),
    );
    await writeFile(
      join(dir, 'conf', 'provisioner.openicf-mem.json'),
      JSON.stringify(accountProvisioner('mem', 'onprem')),
    );
    const gateway = await startGateway({
      dir,
      port: 0,
      tls: { key, cert },
      users: { scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } },
      watch: false,
    });
    expect(gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const channel = await connectOpenIcf({
      url: `${gateway.url.replace('https', 'wss')}/openicf`,
      principal: 'onprem',
      password: 's3cret',
      ca: cert,
      localEndpoint: new OperationDispatcher(new TestProvider('onprem')),
    });
    try {
      const postTest = () =>
        new Promise<{ ok: boolean }>((resolve, reject) => {
          const request = httpsRequest(
            `${gateway.url}/openidm/system/mem?_action=test`,
            { method: 'POST', headers: ADMIN_HEADERS, ca: cert },
            (response) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => {
                text += chunk;
              });
              response.on('end', () => resolve(JSON.parse(text) as { ok: boolean }));
            },
          );
          request.on('error', reject);
          request.end();
        });
      await eventually(async () => (await postTest()).ok === true);
    } finally {
      await channel.close();
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
