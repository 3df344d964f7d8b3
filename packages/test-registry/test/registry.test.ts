import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRegistry, type TestRegistry } from '../src/index.js';

describe('test registry (Verdaccio on loopback)', () => {
  let registry: TestRegistry;
  let pkgDir: string;

  beforeAll(async () => {
    registry = await startTestRegistry();
    pkgDir = await mkdtemp(join(tmpdir(), 'rcskit-registry-pkg-'));
    await writeFile(
      join(pkgDir, 'package.json'),
      JSON.stringify({ name: '@fixture/hello', version: '1.0.0', main: 'index.js' }),
    );
    await writeFile(join(pkgDir, 'index.js'), 'export const hello = 1;\n');
  });
  afterAll(async () => {
    await registry?.stop();
    await rm(pkgDir, { recursive: true, force: true });
  });

  it('publishes with pnpm publish and serves the packument to the token, 401 without it', async () => {
    expect(await registry.publish(pkgDir)).toBe('@fixture/hello@1.0.0');
    expect(await registry.publish(pkgDir, { packageJson: (p) => ({ ...p, version: '1.1.0' }) })).toBe(
      '@fixture/hello@1.1.0',
    );
    const url = `${registry.url}${encodeURIComponent('@fixture/hello').replace('%40', '@')}`;
    const ok = await fetch(url, { headers: { authorization: `Bearer ${registry.token}` } });
    expect(ok.status).toBe(200);
    const packument = (await ok.json()) as { versions: Record<string, { dist: { integrity: string } }> };
    expect(Object.keys(packument.versions).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(packument.versions['1.0.0']?.dist.integrity).toMatch(/^sha512-/);
    expect((await fetch(url)).status).toBe(401);
  });
});
