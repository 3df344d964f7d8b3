import { describe, expect, it } from 'vitest';
import { type BundleManifest, resolveBundles } from '../src/bundles/index.js';
import type { BundlePin } from '../src/properties/server-config.js';

function bundle(
  bundleName: string,
  bundleVersion: string,
  extra: Partial<BundleManifest> = {},
): BundleManifest {
  return {
    dir: `/bundles/${bundleName}-${bundleVersion}`,
    packageName: extra.packageName ?? bundleName,
    packageVersion: bundleVersion,
    bundleName,
    bundleVersion,
    framework: '^0.1.0',
    connectors: [{ connectorName: 'C', export: 'c' }],
    entry: '/x/index.js',
    ...extra,
  };
}

function pin(label: string, text: string): BundlePin {
  const [bundleName, ...range] = text.split(' ');
  return { label, bundleName: bundleName as string, range: range.join(' '), origin: 'test' };
}

const V100 = bundle('test-bundle', '1.0.0');
const V110 = bundle('test-bundle', '1.1.0');
const V200 = bundle('test-bundle', '2.0.0');
const OTHER = bundle('other', '5.0.0', { packageName: '@acme/other' });

function served(installed: BundleManifest[], pins: BundlePin[] = [], framework = '0.1.0') {
  const result = resolveBundles(installed, pins, framework);
  return {
    ...result,
    versions: result.selected.map((b) => `${b.bundleName} ${b.bundleVersion}`),
  };
}

describe('bundle resolution', () => {
  it('serves every installed version when nothing is pinned (highest first)', () => {
    const result = served([V100, OTHER, V110]);
    expect(result.versions).toEqual(['other 5.0.0', 'test-bundle 1.1.0', 'test-bundle 1.0.0']);
    expect(result.problems).toEqual([]);
  });

  it('a pin serves the highest installed match and no other version of that bundle', () => {
    const result = served([V100, V110, V200, OTHER], [pin('t', 'test-bundle ^1.0.0')]);
    expect(result.versions).toEqual(['other 5.0.0', 'test-bundle 1.1.0']);
    const skipped = result.decisions
      .filter((d) => d.status === 'not-pinned')
      .map((d) => d.manifest.bundleVersion);
    expect(skipped).toEqual(['2.0.0', '1.0.0']);
    expect(result.decisions.find((d) => d.status === 'not-pinned')?.reason).toBe(
      'not the version rcskit.bundle.pin.t selects',
    );
    expect(result.decisions.find((d) => d.manifest === V110)?.pins).toEqual(['t']);
  });

  it('accepts OpenICF ranges and exact versions, and the npm package name in place of the bundle name', () => {
    expect(served([V100, V110, V200], [pin('t', 'test-bundle [1.0.0.0,1.1.0.0)')]).versions).toEqual([
      'test-bundle 1.0.0',
    ]);
    expect(served([V100, V110, V200], [pin('t', 'test-bundle 2.0')]).versions).toEqual(['test-bundle 2.0.0']);
    expect(served([OTHER], [pin('o', '@acme/other >=5')]).versions).toEqual(['other 5.0.0']);
  });

  it('several pins on one bundle serve several versions', () => {
    const result = served(
      [V100, V110, V200],
      [pin('old', 'test-bundle ~1.0.0'), pin('new', 'test-bundle ^2')],
    );
    expect(result.versions).toEqual(['test-bundle 2.0.0', 'test-bundle 1.0.0']);
  });

  it('an unsatisfiable pin is a problem that lists the installed versions', () => {
    const result = served([V100, V110], [pin('t', 'test-bundle [1.5.0.0,1.6.0.0)')]);
    expect(result.problems).toEqual([
      'rcskit.bundle.pin.t (test) pins test-bundle [1.5.0.0,1.6.0.0), which no installed version satisfies; installed: ' +
        'test-bundle 1.1.0 (test-bundle@1.1.0, /bundles/test-bundle-1.1.0); test-bundle 1.0.0 (test-bundle@1.0.0, /bundles/test-bundle-1.0.0)',
    ]);
  });

  it('a pin on a bundle nobody installed lists every installed bundle', () => {
    const result = served([OTHER], [pin('x', 'missing ^1')]);
    expect(result.problems[0]).toBe(
      'rcskit.bundle.pin.x (test) pins missing ^1, but no bundle of that name is installed; installed: other 5.0.0 (@acme/other@5.0.0, /bundles/other-5.0.0)',
    );
  });

  it('a served bundle whose framework range excludes this core version is a problem', () => {
    const future = bundle('future', '1.0.0', { framework: '^9.0.0' });
    const result = served([future, V100]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toContain(
      'bundle future 1.0.0 (/bundles/future-1.0.0) needs framework ^9.0.0, but this server runs @rcskit/core 0.1.0',
    );
    expect(result.problems[0]).toContain('installed: future 1.0.0');
    expect(result.decisions.find((d) => d.manifest === future)?.status).toBe('incompatible');
  });

  it('an incompatible version left out by a pin is no problem', () => {
    const future = bundle('test-bundle', '3.0.0', { framework: '^9.0.0' });
    expect(served([V100, future], [pin('t', 'test-bundle ^1')]).problems).toEqual([]);
  });

  it('an invalid framework range is a problem naming the field', () => {
    const bad = bundle('bad', '1.0.0', { framework: 'not a range!' });
    expect(served([bad]).problems[0]).toContain('has an invalid "rcskit.bundle.framework" range');
  });

  it('serves one of two packages with the same bundle name and version and reports the other', () => {
    const copy = { ...V100, dir: '/elsewhere/test-bundle' };
    const result = served([V100, copy]);
    expect(result.versions).toEqual(['test-bundle 1.0.0']);
    expect(result.decisions.find((d) => d.manifest === copy)).toMatchObject({
      status: 'duplicate',
      reason: 'same bundle name and version as /bundles/test-bundle-1.0.0',
    });
  });
});
