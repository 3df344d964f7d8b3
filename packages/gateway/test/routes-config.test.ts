import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountProvisioner, eventually, freePort, startRcs, startTestGateway } from './support/harness.js';
import { TestProvider } from './support/test-connector.js';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Every file of the gateway directory, as text. */
async function allFiles(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')),
  );
  return texts.join('\n');
}

describe('/openidm/config', () => {
  it('stores provisioners with secrets encrypted, and they survive a restart', async () => {
    const provider = new TestProvider();
    const first = await startTestGateway({ localProvider: provider });
    cleanups.push(() => first.close());
    const config = accountProvisioner('persisted', '#LOCAL', {
      configurationProperties: { host: 'h', password: 'Pr0visioner-S3cret' },
    });
    const put = await first.call('PUT', '/openidm/config/provisioner.openicf/persisted', { body: config });
    expect(put.status).toBe(201);
    expect(put.body._id).toBe('provisioner.openicf/persisted');
    expect(put.body.configurationProperties.password.$crypto).toBeDefined();
    expect(
      (await first.call('PUT', '/openidm/config/provisioner.openicf/persisted', { body: config })).status,
    ).toBe(200);
    expect(await allFiles(first.dir)).not.toContain('Pr0visioner-S3cret');
    const got = await first.call('GET', '/openidm/config/provisioner.openicf/persisted');
    expect(got.text).not.toContain('Pr0visioner-S3cret');
    expect(got.body.connectorRef).toEqual(config.connectorRef);
    await first.close();

    const second = await startTestGateway({ dir: first.dir, localProvider: provider });
    cleanups.push(() => second.dispose());
    const again = await second.call('GET', '/openidm/config/provisioner.openicf/persisted');
    expect(again.status).toBe(200);
    expect(again.body.objectTypes).toEqual(config.objectTypes);
    expect((await second.call('POST', '/openidm/system/persisted?_action=test')).body.ok).toBe(true);
    // The connector got the decrypted password.
    const created = await second.call('POST', '/openidm/system/persisted/account', { body: { uid: 'p1' } });
    expect(created.status).toBe(201);

    const list = await second.call('GET', '/openidm/config');
    expect(list.body.configurations).toContainEqual({
      _id: 'provisioner.openicf/persisted',
      pid: 'provisioner.openicf/persisted',
      factoryPid: 'provisioner.openicf',
    });

    const deleted = await second.call('DELETE', '/openidm/config/provisioner.openicf/persisted');
    expect(deleted.status).toBe(200);
    expect((await second.call('GET', '/openidm/config/provisioner.openicf/persisted')).status).toBe(404);
    expect((await second.call('POST', '/openidm/system/persisted?_action=test')).status).toBe(404);
    expect((await second.call('DELETE', '/openidm/config/provisioner.openicf/persisted')).status).toBe(404);
  });

  it('rejects invalid provisioners and names', async () => {
    const gw = await startTestGateway();
    cleanups.push(() => gw.dispose());
    const invalid = await gw.call('PUT', '/openidm/config/provisioner.openicf/bad', {
      body: { name: 'bad' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('connectorRef');
    const traversal = await gw.call('GET', '/openidm/config/provisioner.openicf/..%2Fusers');
    expect(traversal.status).toBe(404);
    const badName = await gw.call('PUT', '/openidm/config/provisioner.openicf/a-b', {
      body: accountProvisioner('a-b', undefined),
    });
    expect(badName.status).toBe(400);
  });

  it('applies a connector-info provider PUT at once, with keys encrypted at rest and in answers', async () => {
    const provider = new TestProvider();
    const rcs = await startRcs(provider);
    cleanups.push(() => rcs.close());
    const gw = await startTestGateway({ provisioners: { mem: accountProvisioner('mem', 'rcs1') } });
    cleanups.push(() => gw.dispose());
    expect((await gw.call('GET', '/openidm/config/provisioner.openicf.connectorinfoprovider')).status).toBe(
      404,
    );
    expect((await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status).toBe(503);

    const body = {
      _id: 'provisioner.openicf.connectorinfoprovider',
      connectorsLocation: 'connectors',
      enabled: true,
      remoteConnectorServers: [
        {
          type: 'remoteConnectorServer',
          displayName: 'Remote Connector Server 1',
          proxyPassword: null,
          enabled: true,
          useSSL: false,
          port: rcs.port,
          name: 'rcs1',
          host: '127.0.0.1',
          key: 'Passw0rd',
          webSocketConnections: 2,
        },
      ],
      remoteConnectorClients: [
        { displayName: 'On premise 1', name: 'onprem', enabled: true, token: 'T0ken-S3cret' },
      ],
    };
    const put = await gw.call('PUT', '/openidm/config/provisioner.openicf.connectorinfoprovider', { body });
    expect(put.status).toBe(200);
    expect(put.body._id).toBe('provisioner.openicf.connectorinfoprovider');
    expect(put.body.remoteConnectorServers[0].key.$crypto.type).toBe('x-simple-encryption');
    expect(put.body.remoteConnectorClients[0].token.$crypto).toBeDefined();
    expect(put.text).not.toContain('Passw0rd');
    const files = await allFiles(gw.dir);
    expect(files).not.toContain('Passw0rd');
    expect(files).not.toContain('T0ken-S3cret');
    const got = await gw.call('GET', '/openidm/config/provisioner.openicf.connectorinfoprovider');
    expect(got.text).not.toContain('Passw0rd');
    expect(got.body.remoteConnectorServers[0]).toMatchObject({
      name: 'rcs1',
      displayName: 'Remote Connector Server 1',
    });

    await eventually(
      async () => (await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status === 200,
    );
    const invalid = await gw.call('PUT', '/openidm/config/provisioner.openicf.connectorinfoprovider', {
      body: { remoteConnectorServers: [{ name: 'x' }] },
    });
    expect(invalid.status).toBe(400);

    // Removing the server disconnects it.
    await gw.call('PUT', '/openidm/config/provisioner.openicf.connectorinfoprovider', {
      body: { remoteConnectorServers: [] },
    });
    expect((await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status).toBe(503);
  });

  it('encrypts secrets left in clear by hand edits (connector servers at start, properties once the connector is found)', async () => {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'rcskit-gw-'));
    const seeded = await startTestGateway({
      dir,
      connectorInfoProvider: {
        remoteConnectorServers: [{ name: 'rcs1', host: '127.0.0.1', port, key: 'Hand-Written-Key' }],
      },
    });
    cleanups.push(() => seeded.dispose());
    expect(await allFiles(dir)).not.toContain('Hand-Written-Key');

    const put = await seeded.call('PUT', '/openidm/config/provisioner.openicf/later', {
      body: accountProvisioner('later', 'rcs1', {
        configurationProperties: { host: 'h', password: 'Later-S3cret' },
      }),
    });
    expect(put.status).toBe(201);
    // The connector is not reachable yet: which properties are secrets is not known.
    expect(await allFiles(dir)).toContain('Later-S3cret');

    const rcs = await startRcs(new TestProvider(), port, 'Hand-Written-Key');
    cleanups.push(() => rcs.close());
    await eventually(
      async () => (await seeded.call('POST', '/openidm/system/later?_action=test')).body.ok === true,
    );
    await eventually(async () => !(await allFiles(dir)).includes('Later-S3cret'));
    const stored = JSON.parse(await readFile(join(dir, 'conf', 'provisioner.openicf-later.json'), 'utf8'));
    expect(stored.configurationProperties.password.$crypto).toBeDefined();
  });

  it('re-reads hand-edited provisioner files', async () => {
    const provider = new TestProvider();
    const gw = await startTestGateway({
      localProvider: provider,
      provisioners: { mem: accountProvisioner('mem', undefined) },
    });
    cleanups.push(() => gw.dispose());
    expect((await gw.call('POST', '/openidm/system/mem?_action=test')).body.ok).toBe(true);
    await writeFile(
      join(gw.dir, 'conf', 'provisioner.openicf-mem.json'),
      JSON.stringify(accountProvisioner('mem', undefined, { configurationProperties: { failTest: true } })),
    );
    await eventually(
      async () => (await gw.call('POST', '/openidm/system/mem?_action=test')).body.ok === false,
    );
  });

  it('applies hand edits of the connector-info provider while running (watch), encrypting their secrets', async () => {
    const rcs = await startRcs(new TestProvider());
    cleanups.push(() => rcs.close());
    const gw = await startTestGateway({
      watch: true,
      provisioners: { mem: accountProvisioner('mem', 'edited') },
    });
    cleanups.push(() => gw.dispose());
    expect((await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status).toBe(503);
    await writeFile(
      join(gw.dir, 'conf', 'provisioner.openicf.connectorinfoprovider.json'),
      JSON.stringify({
        remoteConnectorServers: [{ name: 'edited', host: '127.0.0.1', port: rcs.port, key: 'Passw0rd' }],
      }),
    );
    await eventually(
      async () => (await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status === 200,
    );
    await eventually(async () => !(await allFiles(gw.dir)).includes('Passw0rd'));
  });
});
