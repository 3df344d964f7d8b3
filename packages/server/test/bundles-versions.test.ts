import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BundleError,
  bundleVersionFor,
  frameworkRangeOf,
  manifestFromPackage,
} from '../src/bundles/index.js';

const CORE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'core');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package directory whose node_modules/@rcskit/core is the workspace's core. */
function withCore(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rcskit-versions-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'node_modules', '@rcskit'), { recursive: true });
  symlinkSync(CORE_DIR, join(dir, 'node_modules', '@rcskit', 'core'));
  writeFileSync(join(dir, 'package.json'), '{}');
  return dir;
}

describe('bundle versions follow npm versions (docs/bundles.md#versions-follow-releases)', () => {
  it('fills a template from the npm version: the IDM-compatible four-part line', () => {
    expect(bundleVersionFor('{major}.{minor}.20.{patch}', '1.5.15')).toBe('1.5.20.15');
    expect(bundleVersionFor('{major}.{minor}.20.{patch}', '1.5.16')).toBe('1.5.20.16');
    expect(bundleVersionFor('{major}.{minor}.20.{patch}', '1.6.0')).toBe('1.6.20.0');
    expect(bundleVersionFor('{major}.{minor}.{patch}.0', '2.0.1-rc.1')).toBe('2.0.1.0-rc_1');
  });

  it('defaults to the npm version and keeps a literal as it is', () => {
    expect(bundleVersionFor(undefined, '1.1.0')).toBe('1.1.0');
    expect(bundleVersionFor('1.5.20.15', '9.9.9')).toBe('1.5.20.15');
  });

  it('names what is wrong with a template', () => {
    expect(() => bundleVersionFor('{major}.{build}', '1.0.0')).toThrow(
      "template '{major}.{build}' has an unknown placeholder {build} (use {major}, {minor} and {patch})",
    );
    expect(() => bundleVersionFor('{major}.{minor}.{patch}.1.2', '1.0.0')).toThrow(
      "template '{major}.{minor}.{patch}.1.2' gives '1.0.0.1.2' for npm version 1.0.0, which is not an OpenICF version",
    );
    expect(() => bundleVersionFor('1.x', '1.0.0')).toThrow(BundleError);
  });

  it('the scripted bundle keeps 1.5.20.15 at npm 1.5.15 and moves with each release', async () => {
    const pkg = (await import('../../../connectors/scripted/package.json', { with: { type: 'json' } }))
      .default;
    expect(pkg.version).toBe('1.5.15');
    expect(bundleVersionFor(pkg.rcskit.bundle.bundleVersion, pkg.version)).toBe('1.5.20.15');
  });
});

describe('framework ranges follow the dependency on @rcskit/core', () => {
  const where = '/x/package.json';

  it('reads workspace: ranges as pnpm publishes them, against the core version the package resolves', async () => {
    const core = (await import('../../core/package.json', { with: { type: 'json' } })).default.version;
    const dir = withCore();
    const of = (range: string) =>
      frameworkRangeOf(dir, { dependencies: { '@rcskit/core': range } }, undefined, where);
    expect(of('workspace:^')).toEqual({
      range: `^${core}`,
      source: 'dependencies["@rcskit/core"] workspace:^',
    });
    expect(of('workspace:~').range).toBe(`~${core}`);
    expect(of('workspace:*').range).toBe(core);
    expect(of('workspace:>=0.1 <2').range).toBe('>=0.1 <2');
  });

  it('prefers peerDependencies, and an explicit rcskit.bundle.framework over both', () => {
    const pkg = {
      peerDependencies: { '@rcskit/core': '^0.3.0' },
      dependencies: { '@rcskit/core': '^0.2.0' },
    };
    expect(frameworkRangeOf('/x', pkg, undefined, where).range).toBe('^0.3.0');
    expect(frameworkRangeOf('/x', pkg, '>=0.1.0', where)).toEqual({
      range: '>=0.1.0',
      source: 'rcskit.bundle.framework',
    });
  });

  it('puts both into the manifest', () => {
    const dir = withCore();
    const manifest = manifestFromPackage(dir, {
      name: '@acme/x',
      version: '2.3.4',
      peerDependencies: { '@rcskit/core': '^0.1.0' },
      rcskit: {
        bundle: {
          bundleVersion: '{major}.{minor}.{patch}.0',
          connectors: [{ connectorName: 'X', export: 'x' }],
        },
      },
    });
    expect(manifest).toMatchObject({ bundleVersion: '2.3.4.0', framework: '^0.1.0' });
    expect(() =>
      manifestFromPackage(dir, {
        name: '@acme/x',
        version: '2.3.4',
        peerDependencies: { '@rcskit/core': '^0.1.0' },
        rcskit: {
          bundle: { bundleVersion: '{major}.{nope}', connectors: [{ connectorName: 'X', export: 'x' }] },
        },
      }),
    ).toThrow(
      `${join(dir, 'package.json')}: "rcskit.bundle.bundleVersion" template '{major}.{nope}' has an unknown placeholder`,
    );
  });
});
