/**
 * `rcs install`, `rcs outdated` and `rcs update` against a real registry (Verdaccio, `@rcskit/test-registry`) with
 * fixture bundles published to it by `pnpm publish` (docs/bundles.md#installing-from-a-registry).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRegistry, type TestRegistry } from '@rcskit/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverBundles } from '../src/bundles/discover.js';
import { installFromLock, installRequests, outdatedBundles, updateBundles } from '../src/install/commands.js';
import { bundleDirWith, contextFor, lockOf, publishFixture } from './fixtures/registry-support.js';

let registry: TestRegistry;
let cache: string;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  registry = await startTestRegistry();
  cache = mkdtempSync(join(tmpdir(), 'rcskit-npm-cache-'));
  await publishFixture(registry, 'greeting');
  await publishFixture(registry, 'hello-bundle', '1.0.0');
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await registry?.stop();
  if (cache !== undefined) rmSync(cache, { recursive: true, force: true });
});

function freshBundleDir(npmrc = registry.npmrc()): string {
  const made = bundleDirWith(npmrc);
  cleanups.push(made.remove);
  return made.dir;
}

describe('rcs install from a private registry', () => {
  let dir: string;

  it('installs the highest version in an npm range, with its own dependencies, and records it in the lock', async () => {
    await publishFixture(registry, 'hello-bundle', '1.1.0');
    await publishFixture(registry, 'hello-bundle', '2.0.0');
    dir = freshBundleDir();
    const changes = await installRequests(contextFor(dir, cache), ['@fixture/hello-bundle@^1']);
    expect(changes).toEqual([
      {
        package: '@fixture/hello-bundle',
        range: '^1',
        version: '1.1.0',
        bundleName: 'org.fixture.hello-connector',
        bundleVersion: '1.1.0',
        dir: 'fixture+hello-bundle@1.1.0',
        action: 'installed',
      },
    ]);
    const installed = join(dir, 'fixture+hello-bundle@1.1.0');
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version).toBe('1.1.0');
    expect(existsSync(join(installed, 'node_modules', '@fixture', 'greeting', 'index.js'))).toBe(true);
    const [entry] = lockOf(dir).bundles;
    expect(entry).toMatchObject({
      package: '@fixture/hello-bundle',
      range: '^1',
      version: '1.1.0',
      bundleName: 'org.fixture.hello-connector',
      bundleVersion: '1.1.0',
      dir: 'fixture+hello-bundle@1.1.0',
    });
    expect(entry?.integrity).toMatch(/^sha512-/);
    expect(entry?.resolved).toContain(registry.url);
    const { bundles } = await discoverBundles([dir]);
    expect(bundles.map((b) => `${b.bundleName} ${b.bundleVersion}`)).toEqual([
      'org.fixture.hello-connector 1.1.0',
    ]);
    // No staging directory is left behind.
    expect(readFileSync(join(dir, 'rcs-lock.json'), 'utf8')).toContain('"lockfileVersion": 1');
  });

  it('installs by an OpenICF range over bundle versions, beside the other version', async () => {
    const changes = await installRequests(contextFor(dir, cache), [
      '@fixture/hello-bundle@[2.0.0.0,3.0.0.0)',
    ]);
    expect(changes.map((c) => `${c.action} ${c.version}`)).toEqual(['installed 2.0.0']);
    expect(lockOf(dir).bundles.map((b) => `${b.range} ${b.version}`)).toEqual([
      '[2.0.0.0,3.0.0.0) 2.0.0',
      '^1 1.1.0',
    ]);
    const { bundles } = await discoverBundles([dir]);
    expect(bundles.map((b) => b.bundleVersion).sort()).toEqual(['1.1.0', '2.0.0']);
  });

  it('installs by bundle name, found through the registry search', async () => {
    const other = freshBundleDir();
    const changes = await installRequests(contextFor(other, cache), [
      'org.fixture.hello-connector@[1.0.0.0,1.1.0.0)',
    ]);
    expect(changes.map((c) => `${c.package}@${c.version}`)).toEqual(['@fixture/hello-bundle@1.0.0']);
    expect(lockOf(other).bundles[0]).toMatchObject({
      requestedAs: 'org.fixture.hello-connector',
      range: '[1.0.0.0,1.1.0.0)',
    });
  });

  it('rcs install without arguments reproduces the lock exactly in another directory', async () => {
    const copy = freshBundleDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(copy, 'rcs-lock.json'), readFileSync(join(dir, 'rcs-lock.json')));
    const changes = await installFromLock(contextFor(copy, cache));
    expect(changes.map((c) => `${c.action} ${c.dir}`).sort()).toEqual([
      'installed fixture+hello-bundle@1.1.0',
      'installed fixture+hello-bundle@2.0.0',
    ]);
    expect(lockOf(copy)).toEqual(lockOf(dir));
    // Again: nothing to fetch.
    expect((await installFromLock(contextFor(copy, cache))).map((c) => c.action)).toEqual([
      'present',
      'present',
    ]);
  });

  it('outdated and update move each entry within its own range, retiring the version it replaces', async () => {
    await publishFixture(registry, 'hello-bundle', '1.2.0', 'line-1');
    await publishFixture(registry, 'hello-bundle', '2.1.0');
    const context = contextFor(dir, cache);
    expect(await outdatedBundles(context)).toEqual([
      {
        package: '@fixture/hello-bundle',
        range: '[2.0.0.0,3.0.0.0)',
        current: '2.0.0',
        wanted: '2.1.0',
        latest: '2.1.0',
      },
      { package: '@fixture/hello-bundle', range: '^1', current: '1.1.0', wanted: '1.2.0', latest: '2.1.0' },
    ]);
    const changes = await updateBundles(context, ['@fixture/hello-bundle']);
    expect(changes.map((c) => `${c.action} ${c.version}`).sort()).toEqual([
      'installed 1.2.0',
      'installed 2.1.0',
      'retired 1.1.0',
      'retired 2.0.0',
    ]);
    const { bundles } = await discoverBundles([dir]);
    expect(bundles.map((b) => b.bundleVersion).sort()).toEqual(['1.2.0', '2.1.0']);
    expect(lockOf(dir).bundles.map((b) => b.version)).toEqual(['2.1.0', '1.2.0']);
    expect((await outdatedBundles(context)).every((row) => row.wanted === row.current)).toBe(true);
  });
});
