/**
 * End to end, client mode: the real `rcs` binary dials an IDM-like acceptor (transport's `OpenIcfServer` with an
 * authenticate hook) and the acceptor runs the CSV connector's operations through a `RemoteConnectorFacade` on the
 * channel the RCS opened — with Basic principal/password, across an acceptor restart, and with an OAuth2 Bearer
 * token from a local token endpoint. Overrides come from `RCS_*` variables and `-D` arguments.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttributeBuilder, type ConnectorObject, Name, ObjectClass } from '@rcskit/core';
import { type PeerChannel, RemoteConnectorInfoManager } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcceptor, startTokenEndpoint } from './fixtures/acceptor.js';
import { ensureCliBuilt, scratchDir, startRcs, WORKSPACE } from './fixtures/support.js';

const ACCOUNT = new ObjectClass(ObjectClass.ACCOUNT_NAME);
const home = scratchDir('e2e-client');
const properties = join(home.dir, 'conf', 'ConnectorServer.properties');
const csvFile = join(home.dir, 'data', 'hr.csv');

beforeAll(() => {
  ensureCliBuilt();
  mkdirSync(join(home.dir, 'conf'));
  mkdirSync(join(home.dir, 'data'));
  copyFileSync(join(WORKSPACE, 'examples', 'remote-csv', 'data', 'hr.csv'), csvFile);
  writeFileSync(
    properties,
    [
      '# client mode; the URL and credentials come from the test (-D and RCS_* overrides)',
      `connectorserver.bundleDir=${join(WORKSPACE, 'connectors')}`,
      'connectorserver.connectorServerName=rcs1',
      'connectorserver.webSocketConnections=2',
      'connectorserver.newConnectionsInterval=0.1',
      'connectorserver.maxReconnectInterval=0.5',
      'connectorserver.housekeepingInterval=0.2',
      'connectorserver.logFormat=json',
      '',
    ].join('\n'),
  );
}, 90_000);
afterAll(() => home.remove());

async function csvUsers(channel: PeerChannel): Promise<string[]> {
  const manager = await RemoteConnectorInfoManager.load(channel);
  const info = manager.findConnectorInfo(
    'org.forgerock.openicf.connectors.csvfile-connector',
    '[1.5.19.0,1.6.0.0)',
    'org.forgerock.openicf.csvfile.CSVFileConnector',
  );
  expect(info).toBeDefined();
  const csv = manager.createFacade(info!, { configurationProperties: { csvFile } });
  await csv.test();
  const users: ConnectorObject[] = [];
  await csv.search(ACCOUNT, null, (user) => {
    users.push(user);
    return true;
  });
  return users.map((u) => u.uid.uidValue);
}

describe('rcs run, client mode, with the CSV bundle', () => {
  it('dials in with Basic credentials, serves the CSV operations, survives an acceptor restart, exits 0 on SIGTERM', async () => {
    const acceptor = await startAcceptor({ users: { rcs1: 'Passw0rd' } });
    const rcs = startRcs(['run', '--properties', properties, `-Dconnectorserver.url=${acceptor.url}`], {
      RCS_PRINCIPAL: 'rcs1',
      RCS_PASSWORD: 'Passw0rd',
    });
    let restarted: Awaited<ReturnType<typeof startAcceptor>> | undefined;
    try {
      const channel = await acceptor.nextChannel(20_000);
      expect(channel.principal).toBe('rcs1');
      expect(await csvUsers(channel)).toEqual(['BJENSEN', 'JSANCHEZ', 'SCARTER']);

      const manager = await RemoteConnectorInfoManager.load(channel);
      const csv = manager.createFacade(manager.connectorInfos[0]!, { configurationProperties: { csvFile } });
      const uid = await csv.create(ACCOUNT, [new Name('JDOE'), AttributeBuilder.build('lastName', 'Doe')]);
      expect(uid?.uidValue).toBe('JDOE');
      await csv.delete(ACCOUNT, uid!);

      const port = acceptor.port;
      await acceptor.close();
      await rcs.waitFor(/Connection to IDM lost/);
      restarted = await startAcceptor({ users: { rcs1: 'Passw0rd' } }, port);
      const again = await restarted.nextChannel(20_000);
      expect(await csvUsers(again)).toEqual(['BJENSEN', 'JSANCHEZ', 'SCARTER']);

      expect(await rcs.stop('SIGTERM')).toBe(0);
      expect(rcs.output()).toContain('"msg":"Connector server stopped"');
      expect(rcs.output()).not.toContain('Passw0rd');
    } finally {
      await rcs.stop('SIGKILL');
      await restarted?.close();
      await acceptor.close();
    }
  });

  // Retried once: on a loaded two-core CI machine this process test once saw no channel within 20 s (not
  // reproduced since, alone or under load); the rcs output is attached to the error to find out why.
  it('authenticates with an OAuth2 client-credentials token', { retry: 1 }, async () => {
    const tokens = new Set<string>();
    const endpoint = await startTokenEndpoint({ id: 'rcs-client', secret: 'cl1ent-s3cret' }, tokens);
    const acceptor = await startAcceptor({ tokens });
    const rcs = startRcs(['run', '--properties', properties], {
      RCS_URL: acceptor.url,
      OPENICF_OPTS: `-Xmx256m -Dconnectorserver.tokenEndpoint=${endpoint.url} -Dconnectorserver.clientId=rcs-client`,
      RCS_CLIENT_SECRET: 'cl1ent-s3cret',
      RCS_SCOPE: 'fr:idm:*',
    });
    try {
      const channel = await acceptor.nextChannel(20_000).catch((error: Error) => {
        throw new Error(`${error.message}; rcs said:\n${rcs.output()}`);
      });
      expect(channel.principal).toBe('oauth-client');
      expect(await csvUsers(channel)).toEqual(['BJENSEN', 'JSANCHEZ', 'SCARTER']);
      expect(endpoint.requests).toHaveLength(1);
      expect(acceptor.upgrades[0]?.['x-openicf-connector-server-name']).toBe('rcs1');
      expect(await rcs.stop('SIGINT')).toBe(0);
      expect(rcs.output()).not.toContain('cl1ent-s3cret');
      expect(rcs.output()).not.toContain('tok-1');
    } finally {
      await rcs.stop('SIGKILL');
      await acceptor.close();
      await endpoint.close();
    }
  });
});
