import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  discoverBundles,
  manifestFromPackage,
  packageEntry,
  toOpenIcfVersion,
} from '../src/bundles/index.js';
import { BUNDLE_PACKAGES, bundleDir, SIDE_BY_SIDE, WORKSPACE } from './fixtures/support.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function dirWith(layout: Record<string, string>): string {
  const made = bundleDir(layout);
  cleanups.push(made.remove);
  return made.dir;
}

describe('bundle discovery', () => {
  it('finds both versions of a package side by side: an npm alias directory and the plain name', async () => {
    const dir = dirWith(SIDE_BY_SIDE);
    const { bundles, problems } = await discoverBundles([dir]);
    expect(problems).toEqual([]);
    expect(bundles.map((b) => [b.bundleName, b.bundleVersion, b.packageName, b.dir])).toEqual([
      ['org.rcskit.test.test-bundle', '1.1.0', 'test-bundle', join(dir, 'node_modules', 'test-bundle')],
      ['org.rcskit.test.test-bundle', '1.0.0', 'test-bundle', join(dir, 'node_modules', 'test-bundle-1.0.0')],
    ]);
  });

  it('looks at the directory itself, its sub-directories, node_modules and node_modules/@scope', async () => {
    const dir = dirWith({
      'test-bundle-1.0.0': 'test-bundle-1.0.0',
      'node_modules/@fixtures/scoped-bundle': 'scoped-bundle',
      'node_modules/.bin/ignored': 'test-bundle-1.1.0',
      'node_modules/test-bundle/node_modules/nested': 'future-bundle',
    });
    mkdirSync(join(dir, 'data'));
    const { bundles } = await discoverBundles([dir]);
    expect(bundles.map((b) => b.packageName).sort()).toEqual(['@fixtures/scoped-bundle', 'test-bundle']);
    const self = await discoverBundles([join(BUNDLE_PACKAGES, 'test-bundle-1.1.0')]);
    expect(self.bundles.map((b) => b.bundleVersion)).toEqual(['1.1.0']);
  });

  it('sees a package once when it is reachable through a symbolic link too', async () => {
    const dir = dirWith({ 'node_modules/test-bundle': 'test-bundle-1.1.0' });
    symlinkSync(join(dir, 'node_modules', 'test-bundle'), join(dir, 'linked'));
    const { bundles } = await discoverBundles([dir, join(dir, 'node_modules')]);
    expect(bundles).toHaveLength(1);
  });

  it('reports an invalid manifest and a missing bundle directory as problems', async () => {
    const dir = dirWith({ 'node_modules/broken-manifest': 'broken-manifest' });
    const { bundles, problems } = await discoverBundles([dir, join(dir, 'missing')]);
    expect(bundles).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /broken-manifest\/package\.json: "rcskit\.bundle\.connectors" must list at least one connector$/,
      ),
      expect.stringMatching(/missing does not exist \(check connectorserver\.bundleDir\)$/),
    ]);
  });

  it('finds the workspace CSV bundle through connectors/ (the example layout)', async () => {
    const { bundles } = await discoverBundles([join(WORKSPACE, 'connectors')]);
    expect(bundles.map((b) => [b.bundleName, b.packageName])).toContainEqual([
      'org.forgerock.openicf.connectors.csvfile-connector',
      '@rcskit/connector-csv',
    ]);
  });
});

describe('the manifest', () => {
  it('defaults bundleName to the npm name and bundleVersion to the npm version in OpenICF syntax', async () => {
    const dir = dirWith({ 'node_modules/@fixtures/scoped-bundle': 'scoped-bundle' });
    const { bundles } = await discoverBundles([dir]);
    expect(bundles[0]).toMatchObject({
      bundleName: '@fixtures/scoped-bundle',
      bundleVersion: '3.2.1-beta_1',
      framework: '>=0.1.0 <1',
      entry: join(dir, 'node_modules', '@fixtures', 'scoped-bundle', 'lib', 'main.js'),
      connectors: [{ connectorName: 'org.rcskit.test.ScopedConnector', export: 'scopedConnector' }],
    });
  });

  it('sanitises npm versions: build metadata dropped, prerelease as a word qualifier', () => {
    expect(toOpenIcfVersion('1.5.20')).toBe('1.5.20');
    expect(toOpenIcfVersion('2.0.0-rc.1+sha.5')).toBe('2.0.0-rc_1');
    expect(toOpenIcfVersion('1.0.0-alpha-2')).toBe('1.0.0-alpha_2');
    expect(toOpenIcfVersion('1.5.19.0')).toBe('1.5.19.0');
  });

  it('checks the fields and names the file and field at fault', () => {
    const bundle = (b: unknown) =>
      manifestFromPackage('/x', { name: 'p', version: '1.0.0', rcskit: { bundle: b } });
    expect(bundle(undefined)).toBeUndefined();
    expect(() => bundle({ connectors: [{ connectorName: 'C', export: 'c' }] })).toThrow(
      '/x/package.json: a bundle needs a framework range: depend on @rcskit/core (peerDependencies or dependencies) or set "rcskit.bundle.framework"',
    );
    expect(() => bundle({ framework: ' ', connectors: [{ connectorName: 'C', export: 'c' }] })).toThrow(
      '/x/package.json: "rcskit.bundle.framework" must be a non-empty string',
    );
    expect(() =>
      bundle({
        framework: '^0.1.0',
        bundleVersion: '1.x',
        connectors: [{ connectorName: 'C', export: 'c' }],
      }),
    ).toThrow(/"rcskit.bundle.bundleVersion" '1.x' is not an OpenICF version/);
    expect(() => bundle({ framework: '^0.1.0', connectors: [{ connectorName: 'C' }] })).toThrow(
      '"rcskit.bundle.connectors[0].export" must be a non-empty string',
    );
    expect(() =>
      bundle({
        framework: '^0.1.0',
        connectors: [
          { connectorName: 'C', export: 'a' },
          { connectorName: 'C', export: 'b' },
        ],
      }),
    ).toThrow('connector C is listed twice');
  });

  it('finds the main entry from exports (string, conditions, nested), main, or index.js', () => {
    expect(packageEntry('/p', { exports: './a.js' })).toBe('/p/a.js');
    expect(packageEntry('/p', { exports: { '.': { types: './a.d.ts', import: './b.js' } } })).toBe('/p/b.js');
    expect(packageEntry('/p', { exports: { node: { import: './c.js' }, default: './d.js' } })).toBe(
      '/p/c.js',
    );
    expect(packageEntry('/p', { exports: { require: './r.cjs', default: './d.js' } })).toBe('/p/d.js');
    expect(packageEntry('/p', { main: 'lib/m.js' })).toBe('/p/lib/m.js');
    expect(packageEntry('/p', {})).toBe('/p/index.js');
  });
});
