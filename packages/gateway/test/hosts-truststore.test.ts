/**
 * `useSSL` connector servers trusted through IDM's trust store (a keytool-made JKS or PKCS12 store, as IDM keeps
 * `security/truststore`; docs/tls.md): the gateway's `trustStore` replaces Node's default CAs for every entry.
 * The stores are the server package's committed keytool fixtures.
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKeyEntry, OperationDispatcher, startOpenIcfServer } from '@rcskit/transport';
import { describe, expect, it } from 'vitest';
import { startGateway } from '../src/gateway.js';
import { accountProvisioner, eventually, testConnectorServers } from './support/harness.js';
import { TestProvider } from './support/test-connector.js';

const KT = join(import.meta.dirname, '..', '..', 'server', 'test', 'fixtures', 'tls', 'keytool');

async function tlsRcs(store: string) {
  const entry = await loadKeyEntry({ file: join(KT, store), password: 'changeit' });
  return startOpenIcfServer({
    host: '127.0.0.1',
    port: 0,
    key: 'Passw0rd',
    tls: { key: entry.key, cert: entry.cert },
    localEndpoint: new OperationDispatcher(new TestProvider('tls')),
    housekeepingIntervalMs: 0,
  });
}

describe('gateway: useSSL servers and the trust store', () => {
  it.each(['truststore.jks', 'truststore.p12'])('trusts what %s holds, and nothing else', async (store) => {
    // idm.p12's certificate is in the trust stores; rcs.p12's is not.
    const trusted = await tlsRcs('idm.p12');
    const untrusted = await tlsRcs('rcs.p12');
    const dir = await mkdtemp(join(tmpdir(), 'rcskit-gw-'));
    await mkdir(join(dir, 'conf'), { recursive: true });
    await writeFile(
      join(dir, 'conf', 'provisioner.openicf.connectorinfoprovider.json'),
      JSON.stringify({
        remoteConnectorServers: [
          { name: 'trusted', host: '127.0.0.1', port: trusted.address!.port, useSSL: true, key: 'Passw0rd' },
          {
            name: 'untrusted',
            host: '127.0.0.1',
            port: untrusted.address!.port,
            useSSL: true,
            key: 'Passw0rd',
          },
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
      trustStore: { file: join(KT, store), password: 'changeit' },
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      users: { scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } },
      watch: false,
    });
    try {
      const servers = () => testConnectorServers(gateway.url);
      await eventually(async () => (await servers()).find((s) => s.name === 'trusted')?.ok === true);
      await eventually(async () =>
        /is not trusted/.test((await servers()).find((s) => s.name === 'untrusted')?.error ?? ''),
      );
    } finally {
      await gateway.close();
      await trusted.close();
      await untrusted.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a wrong trust store password stops the start with the file named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rcskit-gw-'));
    try {
      await expect(
        startGateway({
          dir,
          port: 0,
          trustStore: { file: join(KT, 'truststore.jks'), password: 'nope' },
          watch: false,
        }),
      ).rejects.toThrow(/the password does not open .*truststore\.jks/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
