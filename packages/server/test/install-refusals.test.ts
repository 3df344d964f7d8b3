/**
 * Every way `rcs install` refuses (docs/bundles.md#what-rcs-install-refuses): a clear message naming the cause and
 * nothing changed in the bundle directory. Against a real registry (Verdaccio) with fixtures published by
 * `pnpm publish`; one case runs the real `rcs` binary for the exit code and the message on stderr.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestRegistry, type TestRegistry } from '@rcskit/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFromLock, installRequests } from '../src/install/commands.js';
import { InstallError, type InstallErrorKind } from '../src/install/install-error.js';
import {
  bundleDirWith,
  contextFor,
  isolatedEnv,
  lockOf,
  publishFixture,
  treeOf,
} from './fixtures/registry-support.js';
import { CLI, ensureCliBuilt, freePort } from './fixtures/support.js';

const run = promisify(execFile);
let registry: TestRegistry;
let cache: string;
/** A bundle directory holding hello-bundle 1.0.0, installed from the registry, and its lock. */
let installed: string;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  ensureCliBuilt();
  registry = await startTestRegistry();
  cache = mkdtempSync(join(tmpdir(), 'rcskit-npm-cache-'));
  await publishFixture(registry, 'greeting');
  await publishFixture(registry, 'hello-bundle', '1.0.0');
  await publishFixture(registry, 'hello-bundle', '1.1.0');
  await publishFixture(registry, 'plain-package');
  await publishFixture(registry, 'future-bundle');
  installed = dir();
  await installRequests(contextFor(installed, cache), ['@fixture/hello-bundle@~1.0.0']);
}, 90_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await registry?.stop();
  if (cache !== undefined) rmSync(cache, { recursive: true, force: true });
});

function dir(npmrc = registry.npmrc()): string {
  const made = bundleDirWith(npmrc);
  cleanups.push(made.remove);
  return made.dir;
}

/** Runs `attempt`, expects an InstallError of `kind` whose message matches, and the directory unchanged. */
async function refused(
  bundleDir: string,
  attempt: () => Promise<unknown>,
  kind: InstallErrorKind,
  message: RegExp,
): Promise<void> {
  const before = treeOf(bundleDir);
  const error = await attempt().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InstallError);
  expect(`${(error as InstallError).kind}: ${(error as InstallError).message}`).toMatch(
    new RegExp(`^${kind}: `),
  );
  expect((error as InstallError).kind).toBe(kind);
  expect((error as InstallError).message).toMatch(message);
  expect(treeOf(bundleDir)).toEqual(before);
  // The token never shows up in a message.
  expect((error as InstallError).message).not.toContain(registry.token);
}

describe('rcs install refuses, changing nothing', () => {
  it('an unknown package', async () => {
    await refused(
      installed,
      () => installRequests(contextFor(installed, cache), ['@fixture/no-such-bundle@^1']),
      'unknown-package',
      /^@fixture\/no-such-bundle is neither a package nor a bundle name published on http:\/\/127\.0\.0\.1:\d+\/$/,
    );
  });

  it('a range no version satisfies, listing those available', async () => {
    await refused(
      installed,
      () => installRequests(contextFor(installed, cache), ['@fixture/hello-bundle@^3']),
      'no-version',
      /^no version of @fixture\/hello-bundle on http:\/\/127\.0\.0\.1:\d+\/ matches \^3 \(by npm version\); available: 1\.0\.0, 1\.1\.0$/,
    );
    await refused(
      installed,
      () => installRequests(contextFor(installed, cache), ['@fixture/hello-bundle@[1.5.0.0,1.6.0.0)']),
      'no-version',
      /matches \[1\.5\.0\.0,1\.6\.0\.0\) \(by bundle version\); available: 1\.0\.0, 1\.1\.0$/,
    );
  });

  it('a tarball that does not match its integrity', async () => {
    await publishFixture(registry, 'hello-bundle', '1.2.0');
    // The registry's copy of 1.2.0 is replaced by another valid tarball (1.1.0's): the bytes no longer match the
    // sha512 the packument publishes for 1.2.0.
    const storage = join(registry.storageDir, '@fixture', 'hello-bundle');
    writeFileSync(
      join(storage, 'hello-bundle-1.2.0.tgz'),
      readFileSync(join(storage, 'hello-bundle-1.1.0.tgz')),
    );
    await refused(
      installed,
      () => installRequests(contextFor(installed, cache), ['@fixture/hello-bundle@1.2.0']),
      'integrity',
      /^@fixture\/hello-bundle@1\.2\.0: the downloaded tarball does not match its integrity \(sha512-.+\); nothing was installed$/,
    );
  });

  it('a registry that is unreachable, and one that answers 401', async () => {
    const port = await freePort();
    const offline = dir(`registry=http://127.0.0.1:${port}/\n`);
    await refused(
      offline,
      () => installRequests(contextFor(offline, cache), ['@fixture/hello-bundle@^1']),
      'unreachable',
      new RegExp(
        `^registry http://127\\.0\\.0\\.1:${port}/ is unreachable \\(ECONNREFUSED\\) while fetching package @fixture/hello-bundle$`,
      ),
    );
    const anonymous = dir(registry.npmrc({ token: null }));
    await refused(
      anonymous,
      () => installRequests(contextFor(anonymous, cache), ['@fixture/hello-bundle@^1']),
      'unauthorized',
      /^http:\/\/127\.0\.0\.1:\d+\/ refused package @fixture\/hello-bundle \(HTTP 401\): check the auth token for this registry in \.npmrc/,
    );
    const wrongToken = dir(registry.npmrc({ token: 'not-the-token' }));
    await refused(
      wrongToken,
      () => installRequests(contextFor(wrongToken, cache), ['@fixture/hello-bundle@^1']),
      'unauthorized',
      /refused package @fixture\/hello-bundle \(HTTP 401\)/,
    );
  });

  it('a package without a bundle manifest, and a bundle for another framework', async () => {
    await refused(
      installed,
      () => installRequests(contextFor(installed, cache), ['@fixture/plain-package@^1']),
      'not-a-bundle',
      /^@fixture\/plain-package@1\.0\.0 is not a connector bundle: its package\.json has no "rcskit\.bundle" manifest/,
    );
    await refused(
      installed,
      () => installRequests(contextFor(installed, cache), ['@fixture/future-bundle@^1']),
      'incompatible',
      /^@fixture\/future-bundle@1\.0\.0 cannot be served here: bundle org\.fixture\.future-connector 1\.0\.0 .* needs framework \^99\.0\.0, but this server runs @rcskit\/core \d+\.\d+\.\d+/,
    );
  });

  it('one bad request among good ones: none is installed', async () => {
    await refused(
      installed,
      () =>
        installRequests(contextFor(installed, cache), [
          '@fixture/hello-bundle@~1.1.0',
          '@fixture/plain-package@^1',
        ]),
      'not-a-bundle',
      /@fixture\/plain-package@1\.0\.0 is not a connector bundle/,
    );
    expect(readdirSync(installed).filter((n) => n.startsWith('.rcs-'))).toEqual([]);
  });

  it('a lock file that no longer matches the registry', async () => {
    const lock = lockOf(installed);
    const entry = lock.bundles[0]!;
    // A version the registry does not publish.
    const gone = dir();
    writeFileSync(
      join(gone, 'rcs-lock.json'),
      JSON.stringify({
        lockfileVersion: 1,
        bundles: [{ ...entry, version: '1.0.9', dir: 'fixture+hello-bundle@1.0.9' }],
      }),
    );
    await refused(
      gone,
      () => installFromLock(contextFor(gone, cache)),
      'lock-mismatch',
      /^the lock file names @fixture\/hello-bundle@1\.0\.9, which the registry no longer publishes \(available: 1\.0\.0, 1\.1\.0, 1\.2\.0\): run rcs update, or rcs install @fixture\/hello-bundle@~1\.0\.0$/,
    );
    // A published version whose integrity is not the locked one.
    const changed = dir();
    const otherIntegrity = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    writeFileSync(
      join(changed, 'rcs-lock.json'),
      JSON.stringify({ lockfileVersion: 1, bundles: [{ ...entry, integrity: otherIntegrity }] }),
    );
    await refused(
      changed,
      () => installFromLock(contextFor(changed, cache)),
      'lock-mismatch',
      /^the lock file's integrity of @fixture\/hello-bundle@1\.0\.0 \(sha512-BwcH.*\) is not the registry's \(sha512-.*\): the published tarball changed/,
    );
  });

  it('the rcs binary: exit code 2 and the message on stderr', async () => {
    const bundleDir = dir();
    const before = treeOf(bundleDir);
    const failure = await run(
      process.execPath,
      [CLI, 'install', '@fixture/hello-bundle@^7', `-Dconnectorserver.bundleDir=${bundleDir}`],
      { env: { PATH: process.env.PATH ?? '', ...isolatedEnv(cache) } },
    ).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(
      /^rcs: no version of @fixture\/hello-bundle on http:\/\/127\.0\.0\.1:\d+\/ matches \^7 \(by npm version\); available: 1\.0\.0, 1\.1\.0, 1\.2\.0\n$/,
    );
    expect(treeOf(bundleDir)).toEqual(before);
  });
});
