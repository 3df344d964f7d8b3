/**
 * Bundles loaded into a running server (in-process). Bundle directories here list the fixture packages as direct
 * sub-directories: the test runner loads them through its own module graph, sharing the server's @rcskit/core.
 * The node_modules layouts (npm alias installs) are loaded by the real `rcs` binary in e2e-bundles.test.ts.
 */
import { ScriptContext } from '@rcskit/core';
import { ClientEndpoint, connectOpenIcf, RemoteConnectorInfoManager } from '@rcskit/transport';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorServer } from '../src/connector-server.js';
import {
  BundleError,
  discoverBundles,
  importBundle,
  LocalConnectorRegistry,
  loadBundles,
} from '../src/index.js';
import { bundleDir, capturingLogger, configFrom } from './fixtures/support.js';

const TWO_VERSIONS = { 'test-bundle-1.0.0': 'test-bundle-1.0.0', 'test-bundle-1.1.0': 'test-bundle-1.1.0' };

function serverConfig(dir: string, extra: Record<string, string> = {}) {
  return configFrom({
    'connectorserver.bundleDir': dir,
    'connectorserver.port': '0',
    'connectorserver.ifaddress': '127.0.0.1',
    ...extra,
  });
}

describe('two versions of one bundle, side by side', () => {
  const dir = bundleDir(TWO_VERSIONS);
  afterAll(() => dir.remove());

  it('advertises both exact keys and serves each version through the remote facade', async () => {
    const { logger, lines } = capturingLogger();
    const server = await ConnectorServer.start({ config: serverConfig(dir.dir), logger });
    try {
      const channel = await connectOpenIcf({
        url: server.url!,
        key: 'changeit',
        localEndpoint: new ClientEndpoint(),
      });
      const manager = await RemoteConnectorInfoManager.load(channel);
      const keys = manager.connectorInfos.map((info) => info.connectorKey.toString());
      expect(keys).toEqual([
        'ConnectorKey(bundleName=org.rcskit.test.test-bundle bundleVersion=1.1.0 connectorName=org.rcskit.test.EchoConnector)',
        'ConnectorKey(bundleName=org.rcskit.test.test-bundle bundleVersion=1.0.0 connectorName=org.rcskit.test.EchoConnector)',
      ]);
      const script = new ScriptContext('javascript', 'echo');
      const calls = manager.connectorInfos.map(async (info) => {
        const facade = manager.createFacade(info, { configurationProperties: { greeting: 'hi' } });
        await facade.test();
        return facade.runScriptOnConnector(script);
      });
      expect(await Promise.all(calls)).toEqual(['1.1.0:hi', '1.0.0:hi']);
      // The client resolves ranges (spec §6): a range picks the highest match, an exact version its own bundle.
      const ranged = manager.findConnectorInfo(
        'org.rcskit.test.test-bundle',
        '[1.0.0.0,2.0.0.0)',
        'org.rcskit.test.EchoConnector',
      );
      expect(ranged?.connectorKey.bundleVersion).toBe('1.1.0');
      const exact = manager.findConnectorInfo(
        'org.rcskit.test.test-bundle',
        '1.0.0',
        'org.rcskit.test.EchoConnector',
      );
      expect(await manager.createFacade(exact!).runScriptOnConnector(script)).toBe('1.0.0:hello');
      await channel.close();
    } finally {
      await server.stop();
    }
    expect(
      lines.some((l) => l.includes('"msg":"Bundle loaded: org.rcskit.test.test-bundle 1.0.0 (1 connector)"')),
    ).toBe(true);
  });

  it('with a pin, serves only the pinned version', async () => {
    const config = serverConfig(dir.dir, {
      'rcskit.bundle.pin.t': 'org.rcskit.test.test-bundle [1.0.0,1.1.0)',
    });
    const server = await ConnectorServer.start({ config, logger: capturingLogger().logger });
    try {
      expect(server.registry.connectorInfos().map((i) => i.connectorKey.bundleVersion)).toEqual(['1.0.0']);
    } finally {
      await server.stop();
    }
  });
});

describe('start-up refuses unusable bundles', () => {
  const dir = bundleDir({ ...TWO_VERSIONS, 'future-bundle': 'future-bundle' });
  afterAll(() => dir.remove());

  it('an unsatisfiable pin stops start-up with the installed versions listed', async () => {
    const config = serverConfig(dir.dir, {
      'rcskit.bundle.pin.t': 'org.rcskit.test.test-bundle ^2.0.0',
      'rcskit.bundle.pin.f': 'future-bundle 1',
    });
    const start = ConnectorServer.start({ config, logger: capturingLogger().logger });
    await expect(start).rejects.toThrow(BundleError);
    await expect(start).rejects.toThrow(
      /rcskit\.bundle\.pin\.t \(test\) pins org\.rcskit\.test\.test-bundle \^2\.0\.0, which no installed version satisfies; installed: org\.rcskit\.test\.test-bundle 1\.1\.0 .*; org\.rcskit\.test\.test-bundle 1\.0\.0/,
    );
  });

  it('an incompatible framework range stops start-up', async () => {
    const start = ConnectorServer.start({ config: serverConfig(dir.dir), logger: capturingLogger().logger });
    await expect(start).rejects.toThrow(
      /future-bundle 2\.0\.0 .* needs framework \^9\.0\.0, but this server runs @rcskit\/core 0\.1\.0/,
    );
  });
});

describe('importing bundles', () => {
  const dir = bundleDir({ 'not-a-connector': 'not-a-connector', 'test-bundle': 'test-bundle-1.1.0' });
  afterAll(() => dir.remove());

  it('names the bundle and the fix when an export is not a connector class, missing, or misnamed', async () => {
    const { bundles } = await discoverBundles([dir.dir]);
    const notConnector = bundles.find((b) => b.packageName === 'not-a-connector')!;
    await expect(importBundle(notConnector)).rejects.toThrow(
      "export 'nothing' is not a connector class (make it with defineConnector from @rcskit/core)",
    );
    const echo = bundles.find((b) => b.packageName === 'test-bundle')!;
    await expect(
      importBundle({ ...echo, connectors: [{ connectorName: 'X', export: 'missing' }] }),
    ).rejects.toThrow("its entry has no export 'missing' for connector X (exports: echoConnector)");
    await expect(
      importBundle({ ...echo, connectors: [{ connectorName: 'X', export: 'echoConnector' }] }),
    ).rejects.toThrow('defines connector org.rcskit.test.EchoConnector, but package.json lists X');
    await expect(importBundle({ ...echo, entry: `${echo.dir}/dist/index.js` })).rejects.toThrow(
      'is the package built?',
    );
  });

  it('registers the connectors of each loaded bundle under its exact key', async () => {
    const { bundles } = await discoverBundles([dir.dir]);
    const registry = new LocalConnectorRegistry();
    const loaded = await loadBundles(
      bundles.filter((b) => b.packageName === 'test-bundle'),
      registry,
    );
    expect(loaded[0]?.connectors.map((i) => i.connectorKey.toString())).toEqual([
      'ConnectorKey(bundleName=org.rcskit.test.test-bundle bundleVersion=1.1.0 connectorName=org.rcskit.test.EchoConnector)',
    ]);
    await registry.close();
  });
});
