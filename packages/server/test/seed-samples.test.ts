/**
 * The PingIDM 7.2 sample `ConnectorServer.properties` files (fixtures/properties/seed-*-mode.properties, kept
 * verbatim) start the real `rcs` unchanged, in an RCS home laid out as the docs say: `conf/` with the file,
 * `security/keyStore.pkcs12` and `security/truststore.pkcs12` made with keytool as the docs tell (an EC key pair,
 * alias icf-rcs, PKCS12, password changeit; IDM's certificate imported into the trust store; the committed stores
 * of fixtures/tls/keytool), and `connectors/`. Only what must point at loopback is overridden on the command line:
 * the port in server mode, and the tenant URL and token endpoint in client mode (this machine has no network).
 */
import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ClientEndpoint, connectOpenIcf, loadKeyEntry, RemoteConnectorInfoManager } from '@rcskit/transport';
import { afterAll, describe, expect, it } from 'vitest';
import { startAcceptor, startTokenEndpoint } from './fixtures/acceptor.js';
import { ensureCliBuilt, FIXTURES, freePort, scratchDir, startRcs, WORKSPACE } from './fixtures/support.js';

const KT = join(FIXTURES, 'tls', 'keytool');
const homes: { remove: () => void }[] = [];
afterAll(() => {
  for (const home of homes) home.remove();
});

/** An RCS home holding the sample file, the two stores and the workspace's connectors. */
function rcsHome(sample: string): { dir: string; properties: string } {
  const home = scratchDir('seed-sample');
  homes.push(home);
  for (const sub of ['conf', 'security']) mkdirSync(join(home.dir, sub));
  const properties = join(home.dir, 'conf', 'ConnectorServer.properties');
  copyFileSync(join(FIXTURES, 'properties', sample), properties);
  copyFileSync(join(KT, 'rcs.p12'), join(home.dir, 'security', 'keyStore.pkcs12'));
  copyFileSync(join(KT, 'truststore.p12'), join(home.dir, 'security', 'truststore.pkcs12'));
  symlinkSync(join(WORKSPACE, 'connectors'), join(home.dir, 'connectors'));
  return { dir: home.dir, properties };
}

describe('the seed sample property files start rcs unchanged', () => {
  it('server mode: wss on the key store, the shipped key (changeit)', async () => {
    ensureCliBuilt();
    const { properties } = rcsHome('seed-server-mode.properties');
    const port = await freePort();
    const rcs = startRcs([
      'run',
      '--properties',
      properties,
      `-Dconnectorserver.port=${port}`,
      '-Dconnectorserver.ifaddress=127.0.0.1',
      '-Dconnectorserver.logFormat=json',
    ]);
    try {
      await rcs.waitFor(/Connector server listening on wss:/);
      const channel = await connectOpenIcf({
        url: `wss://127.0.0.1:${port}/openicf`,
        key: 'changeit',
        ca: readFileSync(join(KT, 'rcs-p12.pem')),
        localEndpoint: new ClientEndpoint(),
      });
      const manager = await RemoteConnectorInfoManager.load(channel);
      expect(manager.connectorInfos.map((i) => i.connectorKey.bundleName)).toContain(
        'org.forgerock.openicf.connectors.csvfile-connector',
      );
      await channel.close();
      // The one mention of changeit is the warning that the key is still the shipped default.
      const lines = rcs.output().split('\n');
      expect(lines.filter((l) => l.includes('changeit'))).toEqual([
        expect.stringContaining('connectorserver.key is the default (changeit)'),
      ]);
    } finally {
      await rcs.stop('SIGKILL');
    }
  }, 60_000);

  it('client mode: OAuth2 over https, trust store, key store for mutual TLS, the sample server name', async () => {
    ensureCliBuilt();
    const { properties } = rcsHome('seed-client-mode.properties');
    const idm = await loadKeyEntry({ file: join(KT, 'idm.p12'), password: 'changeit' });
    const tls = {
      key: idm.key,
      cert: idm.cert,
      requestCert: true,
      rejectUnauthorized: true,
      ca: readFileSync(join(KT, 'rcs-p12.pem')),
    };
    const tokens = new Set<string>();
    const endpoint = await startTokenEndpoint(
      { id: 'my-client-id', secret: 'my-client-secret' },
      tokens,
      tls,
    );
    const acceptor = await startAcceptor({ tokens }, 0, tls);
    const rcs = startRcs([
      'run',
      '--properties',
      properties,
      `-Dconnectorserver.url=${acceptor.url}`,
      `-Dconnectorserver.tokenEndpoint=${endpoint.url}`,
      '-Dconnectorserver.logFormat=json',
    ]);
    try {
      const channel = await acceptor.nextChannel(30_000);
      expect(channel.principal).toBe('oauth-client');
      expect(endpoint.requests[0]).toMatchObject({ client_id: 'my-client-id', scope: 'fr:idm:*' });
      expect(acceptor.upgrades[0]?.['x-openicf-connector-server-name']).toBe('myConnectorServer');
      expect(acceptor.upgrades[0]?.['x-openicf-host-id']).toBe('MY_UNIQUE_RCS_HOST_ID');
      const manager = await RemoteConnectorInfoManager.load(channel);
      expect(manager.connectorInfos.length).toBeGreaterThan(0);
      const output = rcs.output();
      expect(output).toContain(
        "connectorServerName 'myConnectorServer' has characters other than a-z and 0-9",
      );
      for (const secret of ['my-client-secret', 'changeit']) expect(output).not.toContain(secret);
    } finally {
      await rcs.stop('SIGKILL');
      await acceptor.close();
      await endpoint.close();
    }
  }, 60_000);
});
