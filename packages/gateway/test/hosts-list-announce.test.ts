/**
 * A connector server that sends a ControlRequest (an rcskit RCS does when a bundle version was installed or
 * retired while it runs) makes the gateway re-read its connector list at once: the next call resolves the
 * provisioner's `bundleVersion` range to the new highest match (docs/bundles.md#upgrades-without-restart).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { accountProvisioner, eventually, startRcs, startTestGateway } from './support/harness.js';
import { TestProvider, testConnectorInfo } from './support/test-connector.js';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe('a connector list announced by the connector server', () => {
  it('moves a pinned range to the new highest match on the next call, without a refresh being asked', async () => {
    const provider = new TestProvider('announce');
    provider.infos = [testConnectorInfo('1.0.0.0')];
    const rcs = await startRcs(provider);
    cleanups.push(() => rcs.close());
    const gw = await startTestGateway({
      connectorInfoProvider: {
        remoteConnectorServers: [{ name: 'rcs1', host: '127.0.0.1', port: rcs.port, key: 'Passw0rd' }],
      },
      provisioners: { mem: accountProvisioner('mem', 'rcs1') },
    });
    cleanups.push(() => gw.dispose());
    await eventually(
      async () => (await gw.call('POST', '/openidm/system/mem?_action=test')).body.ok === true,
    );
    expect(provider.lastVersion).toBe('1.0.0.0');

    provider.infos = [
      testConnectorInfo('1.0.0.0'),
      testConnectorInfo('1.5.0.0'),
      testConnectorInfo('2.0.0.0'),
    ];
    // Without an announcement the gateway keeps the list it has (1.0.0.0 still matches, nothing asks again).
    expect((await gw.call('POST', '/openidm/system/mem?_action=test')).body.ok).toBe(true);
    expect(provider.lastVersion).toBe('1.0.0.0');

    const [channel] = rcs.server.channels;
    await channel!.requestConnectorInfos();
    await eventually(async () => {
      await gw.call('POST', '/openidm/system/mem?_action=test');
      return provider.lastVersion === '1.5.0.0';
    });
  });
});
