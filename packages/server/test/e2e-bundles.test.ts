/**
 * Bundles through the real `rcs` binary, installed the npm way in a directory outside this repository (so
 * `@rcskit/core` can only come from the server's framework link): an npm alias install of test-bundle 1.0.0 next
 * to test-bundle 1.1.0, and a scoped package. `rcs bundles` reports them; `rcs run` serves both versions side by
 * side; pins and framework ranges stop start-up with the installed versions listed.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptContext } from '@rcskit/core';
import { ClientEndpoint, connectOpenIcf, RemoteConnectorInfoManager } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_PACKAGES, ensureCliBuilt, freePort, runRcs, startRcs } from './fixtures/support.js';

const home = mkdtempSync(join(tmpdir(), 'rcskit-bundles-'));
const properties = join(home, 'conf', 'ConnectorServer.properties');

function install(target: string, fixture: string): void {
  cpSync(join(BUNDLE_PACKAGES, fixture), join(home, 'bundles', target), { recursive: true });
}

beforeAll(() => {
  ensureCliBuilt();
  mkdirSync(join(home, 'conf'), { recursive: true });
  install('node_modules/test-bundle-1.0.0', 'test-bundle-1.0.0');
  install('node_modules/test-bundle', 'test-bundle-1.1.0');
  install('node_modules/@fixtures/scoped-bundle', 'scoped-bundle');
  writeFileSync(
    properties,
    'connectorserver.bundleDir=bundles\nconnectorserver.ifaddress=127.0.0.1\nconnectorserver.logFormat=json\n',
  );
}, 90_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('rcs bundles', () => {
  it('lists what was found, the versions side by side, and what is served', async () => {
    const { code, output } = await runRcs(['bundles', '--properties', properties]);
    expect(code).toBe(0);
    expect(output).toContain('Pins: none (every installed version is served)');
    expect(output).toContain('org.rcskit.test.test-bundle 1.1.0  [serve]');
    expect(output).toContain('org.rcskit.test.test-bundle 1.0.0  [serve]');
    expect(output).toContain(`path      ${join(home, 'bundles', 'node_modules', 'test-bundle-1.0.0')}`);
    expect(output).toContain('@fixtures/scoped-bundle 3.2.1-beta_1  [serve]');
  });

  it('shows pins and what they leave out, as JSON too', async () => {
    const { code, output } = await runRcs([
      'bundles',
      '--json',
      '--properties',
      properties,
      '-Drcskit.bundle.pin.t=org.rcskit.test.test-bundle [1.0.0,1.1.0)',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(output) as {
      bundles: { bundleVersion: string; status: string; pins: string[] }[];
    };
    expect(
      report.bundles
        .filter((b) => b.bundleVersion.startsWith('1.'))
        .map((b) => [b.bundleVersion, b.status, b.pins]),
    ).toEqual([
      ['1.1.0', 'not-pinned', []],
      ['1.0.0', 'serve', ['t']],
    ]);
  });

  it('exits 2 for a pin no installed version satisfies, listing the installed versions', async () => {
    const { code, output } = await runRcs(['bundles', '--properties', properties], {
      RCS_BUNDLE_PIN_T: 'org.rcskit.test.test-bundle ^2',
    });
    expect(code).toBe(2);
    expect(output).toContain(
      'rcskit.bundle.pin.t (environment RCS_BUNDLE_PIN_T) pins org.rcskit.test.test-bundle ^2, which no installed version satisfies; installed: org.rcskit.test.test-bundle 1.1.0',
    );
  });
});

describe('rcs run with bundles', () => {
  it('serves both installed versions side by side, each under its exact key', async () => {
    const port = await freePort();
    const rcs = startRcs(['run', '--properties', properties, `-Dconnectorserver.port=${port}`]);
    try {
      await rcs.waitFor(/Connector server listening on/);
      const channel = await connectOpenIcf({
        url: `ws://127.0.0.1:${port}/openicf`,
        key: 'changeit',
        localEndpoint: new ClientEndpoint(),
      });
      const manager = await RemoteConnectorInfoManager.load(channel);
      const echo = manager.connectorInfos.filter(
        (i) => i.connectorKey.connectorName === 'org.rcskit.test.EchoConnector',
      );
      const results = await Promise.all(
        echo.map((info) =>
          manager
            .createFacade(info, { configurationProperties: { greeting: 'side-by-side' } })
            .runScriptOnConnector(new ScriptContext('javascript', 'echo')),
        ),
      );
      expect(results.sort()).toEqual(['1.0.0:side-by-side', '1.1.0:side-by-side']);
      await channel.close();
      expect(await rcs.stop('SIGTERM')).toBe(0);
    } finally {
      await rcs.stop('SIGKILL');
    }
  });

  it('refuses to start with a bundle built for another framework version', async () => {
    cpSync(join(BUNDLE_PACKAGES, 'future-bundle'), join(home, 'future', 'node_modules', 'future-bundle'), {
      recursive: true,
    });
    const { code, output } = await runRcs([
      'run',
      '--properties',
      properties,
      `-Dconnectorserver.bundleDir=bundles,${join(home, 'future')}`,
    ]);
    expect(code).toBe(2);
    expect(output).toContain('rcs: Cannot start with these bundles: bundle future-bundle 2.0.0');
    expect(output).toContain('needs framework ^9.0.0, but this server runs @rcskit/core 0.1.0');
    expect(output).toContain('installed: @fixtures/scoped-bundle 3.2.1-beta_1');
  });
});
