/**
 * A release cannot make the repository's own bundles unloadable (docs/bundles.md#releasing): on a copy of the
 * repository, the pending changesets plus a minor release of `@rcskit/core` go through `changeset version`; then
 * the release check passes, every bundle's bundle version moved forward with its npm version, and `rcs run` of
 * the copy serves every bundle of `connectors/` to a client under its new bundle version.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Version } from '@rcskit/core';
import { ClientEndpoint, connectOpenIcf, RemoteConnectorInfoManager } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startProcess } from './support/processes.js';
import { copyRepository, WORKSPACE } from './support/repo-copy.js';

type Identities = Record<string, { dir: string; version: string; bundleVersion: string }>;
interface ReleaseCheck {
  bundleIdentities(root: string): Promise<Identities>;
  releaseProblems(root: string, before: Identities): Promise<string[]>;
}

const copy = copyRepository();
let check: ReleaseCheck;
let before: Identities;

function coreVersion(root: string): string {
  return JSON.parse(readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8')).version;
}

/** Builds, in the copy, a bundle whose main entry is missing (the test task builds only what it depends on). */
function buildMissingBundles(root: string): void {
  const tsc = createRequire(join(WORKSPACE, 'package.json')).resolve('typescript/bin/tsc');
  for (const name of readdirSync(join(root, 'connectors'))) {
    const dir = join(root, 'connectors', name);
    if (!existsSync(join(dir, 'tsconfig.build.json')) || existsSync(join(dir, 'dist'))) continue;
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
  }
}

beforeAll(async () => {
  buildMissingBundles(copy.dir);
  check = (await import(pathToFileURL(join(copy.dir, 'scripts', 'release-check.mjs')).href)) as ReleaseCheck;
  before = await check.bundleIdentities(copy.dir);
  writeFileSync(
    join(copy.dir, '.changeset', 'release-test-core-minor.md'),
    '---\n"@rcskit/core": minor\n---\n\nA minor release of core, so the test always moves the framework.\n',
  );
  const changeset = join(WORKSPACE, 'node_modules', '@changesets', 'cli', 'bin.js');
  execFileSync(process.execPath, [changeset, 'version'], { cwd: copy.dir, stdio: 'pipe' });
}, 120_000);

afterAll(() => copy.remove());

describe('changeset version, then rcs run, on a copy of the repository', () => {
  it('moves @rcskit/core and every bundle, each to a higher bundle version', async () => {
    expect(
      Version.parse(coreVersion(copy.dir)).compareTo(Version.parse(coreVersion(WORKSPACE))),
    ).toBeGreaterThan(0);
    const after = await check.bundleIdentities(copy.dir);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [name, now] of Object.entries(after)) {
      const was = before[name]!;
      expect(now.version, name).not.toBe(was.version);
      expect(
        Version.parse(now.bundleVersion).compareTo(Version.parse(was.bundleVersion)),
        name,
      ).toBeGreaterThan(0);
    }
    expect(after['@rcskit/connector-scripted']?.bundleVersion).toMatch(/^1\.5\.20\.\d+$/);
  });

  it('passes the release check', async () => {
    expect(await check.releaseProblems(copy.dir, before)).toEqual([]);
  });

  it('rcs run of the copy serves every bundle of connectors/ under its new bundle version', async () => {
    const after = await check.bundleIdentities(copy.dir);
    const port = await freePort();
    const rcs = startProcess(process.execPath, [
      join(copy.dir, 'packages', 'server', 'dist', 'cli.js'),
      'run',
      `-Dconnectorserver.bundleDir=${join(copy.dir, 'connectors')}`,
      `-Dconnectorserver.port=${port}`,
      '-Dconnectorserver.ifaddress=127.0.0.1',
      '-Dconnectorserver.logFormat=json',
      '-Dconnectorserver.bundleWatch=false',
    ]);
    try {
      await rcs.waitFor(/Connector server listening on/, 60_000);
      const channel = await connectOpenIcf({
        url: `ws://127.0.0.1:${port}/openicf`,
        key: 'changeit',
        localEndpoint: new ClientEndpoint(),
      });
      const manager = await RemoteConnectorInfoManager.load(channel);
      const advertised = new Set(
        manager.connectorInfos.map((i) => `${i.connectorKey.bundleName} ${i.connectorKey.bundleVersion}`),
      );
      await channel.close();
      for (const [name, bundle] of Object.entries(after)) {
        const pkg = JSON.parse(readFileSync(join(bundle.dir, 'package.json'), 'utf8'));
        const bundleName = pkg.rcskit.bundle.bundleName ?? name;
        expect([...advertised], name).toContain(`${bundleName} ${bundle.bundleVersion}`);
      }
      expect(rcs.output()).toContain(`"core":"${coreVersion(copy.dir)}"`);
      expect(await rcs.stop('SIGTERM')).toBe(0);
    } finally {
      await rcs.stop('SIGKILL');
    }
  });
});
