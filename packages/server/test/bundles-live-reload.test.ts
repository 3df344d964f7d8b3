/**
 * Bundle versions added to and removed from the bundle directory of a running `rcs` (the real binary;
 * docs/bundles.md#upgrades-without-restart): a version renamed into place is served without a restart and the
 * connected client is sent a ControlRequest; a duplicate key and a bundle for another framework are refused at warn
 * and change nothing; a removed version is no longer advertised, a request on it still works during the retire
 * grace and then gets "Connector not found".
 */
import { cpSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ScriptContext } from '@rcskit/core';
import {
  type ClientChannel,
  ClientEndpoint,
  connectOpenIcf,
  RemoteConnectorInfoManager,
} from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_PACKAGES,
  ensureCliBuilt,
  eventually,
  freePort,
  type RcsProcess,
  scratchDir,
  startRcs,
} from './fixtures/support.js';

const ECHO = 'org.rcskit.test.EchoConnector';
const scratch = scratchDir('live-reload');
const bundles = join(scratch.dir, 'bundles');
let rcs: RcsProcess;
let channel: ClientChannel;
let manager: RemoteConnectorInfoManager;
let announcements = 0;

/** Puts a fixture in place the way `rcs install` does: complete in a dot directory, then one rename. */
function install(fixture: string, as: string): void {
  const staging = join(bundles, `.rcs-staging-${as}`);
  cpSync(join(BUNDLE_PACKAGES, fixture), staging, { recursive: true });
  renameSync(staging, join(bundles, as));
}

/** The echo connector versions the server advertises now (asking it, as IDM's housekeeping does). */
async function advertised(): Promise<string[]> {
  await manager.refresh();
  return manager.connectorInfos
    .filter((i) => i.connectorKey.connectorName === ECHO)
    .map((i) => i.connectorKey.bundleVersion)
    .sort();
}

function echo(version: string): Promise<unknown> {
  const info = manager.connectorInfos.find(
    (i) => i.connectorKey.connectorName === ECHO && i.connectorKey.bundleVersion === version,
  );
  if (info === undefined) throw new Error(`no ${version} in the list`);
  return manager
    .createFacade(info, { configurationProperties: { greeting: 'live' } })
    .runScriptOnConnector(new ScriptContext('javascript', 'echo'));
}

beforeAll(async () => {
  ensureCliBuilt();
  mkdirSync(bundles);
  install('test-bundle-1.0.0', 'test-bundle@1.0.0');
  const port = await freePort();
  rcs = startRcs([
    'run',
    `-Dconnectorserver.bundleDir=${bundles}`,
    `-Dconnectorserver.port=${port}`,
    '-Dconnectorserver.ifaddress=127.0.0.1',
    '-Dconnectorserver.logFormat=json',
    '-Dconnectorserver.bundleRetireGrace=3',
  ]);
  await rcs.waitFor(/Connector server listening on/);
  channel = await connectOpenIcf({
    url: `ws://127.0.0.1:${port}/openicf`,
    key: 'changeit',
    localEndpoint: new ClientEndpoint(),
  });
  channel.onPeerControlRequest(() => announcements++);
  manager = await RemoteConnectorInfoManager.load(channel);
}, 60_000);

afterAll(async () => {
  await channel?.close();
  await rcs?.stop('SIGKILL');
  scratch.remove();
});

describe('bundle versions while rcs runs', () => {
  it('serves a version renamed into place, and tells the connected client', async () => {
    expect(await advertised()).toEqual(['1.0.0']);
    const before = announcements;
    install('test-bundle-1.1.0', 'test-bundle@1.1.0');
    await eventually(async () => (await advertised()).length === 2, 15_000);
    expect(await advertised()).toEqual(['1.0.0', '1.1.0']);
    expect(await echo('1.1.0')).toBe('1.1.0:live');
    await eventually(() => announcements > before, 10_000);
    await rcs.waitFor(/Bundle loaded while running: org\.rcskit\.test\.test-bundle 1\.1\.0/);
  });

  it('refuses a second package with the same bundle key at warn, naming both, and one for another framework', async () => {
    install('test-bundle-1.1.0', 'copy-of-test-bundle@1.1.0');
    install('future-bundle', 'future-bundle@2.0.0');
    const line = await rcs.waitFor(/"level":40[^\n]*same bundle name and version as[^\n]*/, 15_000);
    expect(line[0]).toContain(join(bundles, 'copy-of-test-bundle@1.1.0'));
    expect(line[0]).toContain(join(bundles, 'test-bundle@1.1.0'));
    await rcs.waitFor(/"level":40[^\n]*needs framework \^9\.0\.0/, 15_000);
    expect(await advertised()).toEqual(['1.0.0', '1.1.0']);
    rmSync(join(bundles, 'copy-of-test-bundle@1.1.0'), { recursive: true });
    rmSync(join(bundles, 'future-bundle@2.0.0'), { recursive: true });
  });

  it('retires a removed version: not advertised, still serving its facades during the grace, then gone', async () => {
    expect(await echo('1.0.0')).toBe('1.0.0:live');
    const old = manager.connectorInfos.find((i) => i.connectorKey.bundleVersion === '1.0.0')!;
    const facade = manager.createFacade(old, { configurationProperties: { greeting: 'live' } });
    renameSync(join(bundles, 'test-bundle@1.0.0'), join(bundles, '.rcs-retired-test-bundle@1.0.0'));
    await eventually(async () => (await advertised()).length === 1, 15_000);
    expect(await advertised()).toEqual(['1.1.0']);
    expect(await facade.runScriptOnConnector(new ScriptContext('javascript', 'echo'))).toBe('1.0.0:live');
    await rcs.waitFor(/Connector retired/);
    await eventually(
      () =>
        facade.runScriptOnConnector(new ScriptContext('javascript', 'echo')).then(
          () => false,
          (error: Error) => error.message.startsWith('Connector not found'),
        ),
      15_000,
    );
    expect(await echo('1.1.0')).toBe('1.1.0:live');
    expect(rcs.child.exitCode).toBeNull();
  });
});
