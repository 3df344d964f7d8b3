/**
 * The release flow end to end against a real private registry (docs/bundles.md#upgrades-without-restart):
 *
 * publish bundle 1.0.0 → `rcs install name@^1` → `rcs run` → the gateway's provisioner pinned to
 * `[1.0.0.0,2.0.0.0)` answers from 1.0.0 → publish 1.1.0 → `rcs update` while `rcs` keeps running → the next
 * facade answers from 1.1.0, with no restart and no failed request in a client loop running throughout →
 * publish 2.0.0 and install `^2` → not picked by that provisioner, picked by one pinned to `[2.0.0.0,3.0.0.0)`.
 *
 * The fixture bundle answers `runScriptOnConnector` with `<npm version>:<greeting>`, so every answer names the
 * version that served it.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type Gateway, startGateway } from '@rcskit/gateway';
import { startTestRegistry, type TestRegistry } from '@rcskit/test-registry';
import { ClientEndpoint, connectOpenIcf, RemoteConnectorInfoManager } from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type Started, startProcess } from './support/processes.js';
import { WORKSPACE } from './support/repo-copy.js';

const run = promisify(execFile);
const RCS_CLI = join(
  dirname(createRequire(import.meta.url).resolve('@rcskit/server/package.json')),
  'dist',
  'cli.js',
);
const FIXTURES = join(WORKSPACE, 'packages', 'server', 'test', 'fixtures', 'registry-packages');
const BUNDLE = 'org.fixture.hello-connector';
const CONNECTOR = 'org.fixture.HelloConnector';
const ADMIN = { 'X-OpenIDM-Username': 'openidm-admin', 'X-OpenIDM-Password': 'openidm-admin' };

let registry: TestRegistry;
let work: string;
let bundleDir: string;
let rcs: Started | undefined;
let gateway: Gateway | undefined;
let gatewayUrl: string;

/** The environment of every `rcs` child: the bundle directory's `.npmrc` only, a throwaway npm cache. */
function rcsEnv(): Record<string, string> {
  return { NPM_CONFIG_USERCONFIG: join(work, 'no-user-npmrc'), npm_config_cache: join(work, 'npm-cache') };
}

/** `rcs <args>` with the test's bundle directory, to completion. */
async function rcsCommand(...args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [RCS_CLI, ...args, `-Dconnectorserver.bundleDir=${bundleDir}`],
    { env: { PATH: process.env.PATH ?? '', HOME: work, ...rcsEnv() }, timeout: 120_000 },
  );
  return stdout;
}

function publish(name: string, version?: string): Promise<string> {
  return registry.publish(join(FIXTURES, name), {
    packageJson: (pkg) => (version === undefined ? pkg : { ...pkg, version }),
  });
}

/** A provisioner of the fixture connector on connector server `rcs`, pinned to `range`. */
function provisioner(name: string, range: string): Record<string, unknown> {
  return {
    name,
    connectorRef: {
      connectorHostRef: 'rcs',
      bundleName: BUNDLE,
      bundleVersion: range,
      connectorName: CONNECTOR,
    },
    configurationProperties: { name: 'release flow' },
    systemActions: [
      {
        scriptId: 'version',
        actions: [{ systemType: '.*HelloConnector', actionType: 'groovy', actionSource: 'version' }],
      },
    ],
  };
}

/** The version that answered a script call on `system/<name>` (or the HTTP status and message when it failed). */
async function versionOf(system: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/openidm/system/${system}?_action=script&scriptId=version`, {
    method: 'POST',
    headers: ADMIN,
  });
  const body = (await response.json()) as {
    actions?: { result?: unknown; error?: string }[];
    message?: string;
  };
  if (response.status !== 200) return `HTTP ${response.status}: ${body.message}`;
  const [action] = body.actions ?? [];
  if (action?.error !== undefined) return `error: ${action.error}`;
  return String(action?.result).split(':')[0] ?? '';
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}\n${rcs?.output() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rcskit-release-flow-'));
  bundleDir = join(work, 'bundles');
  mkdirSync(bundleDir);
  registry = await startTestRegistry();
  writeFileSync(join(bundleDir, '.npmrc'), registry.npmrc());
  await publish('greeting');
  await publish('hello-bundle', '1.0.0');
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await rcs?.stop('SIGKILL');
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('publish → rcs install → rcs run → rcs update while running, pinned by provisioner ranges', () => {
  it('moves a pinned provisioner to the new highest match with no restart and no failed request', async () => {
    expect(await rcsCommand('install', '@fixture/hello-bundle@^1')).toContain(
      'installed  @fixture/hello-bundle@1.0.0',
    );

    const port = await freePort();
    rcs = startProcess(
      process.execPath,
      [
        RCS_CLI,
        'run',
        `-Dconnectorserver.bundleDir=${bundleDir}`,
        `-Dconnectorserver.port=${port}`,
        '-Dconnectorserver.ifaddress=127.0.0.1',
        '-Dconnectorserver.logFormat=json',
        '-Dconnectorserver.bundleRetireGrace=5',
      ],
      rcsEnv(),
    );
    await rcs.waitFor(/Connector server listening on/, 60_000);
    const pid = rcs.child.pid;

    const gatewayDir = join(work, 'gateway');
    mkdirSync(join(gatewayDir, 'conf'), { recursive: true });
    const conf = (name: string, json: unknown) =>
      writeFileSync(join(gatewayDir, 'conf', `${name}.json`), JSON.stringify(json, null, 2));
    conf('provisioner.openicf.connectorinfoprovider', {
      remoteConnectorServers: [{ name: 'rcs', host: '127.0.0.1', port, key: 'changeit' }],
    });
    conf('provisioner.openicf-hello', provisioner('hello', '[1.0.0.0,2.0.0.0)'));
    conf('provisioner.openicf-hello2', provisioner('hello2', '[2.0.0.0,3.0.0.0)'));
    gateway = await startGateway({
      dir: gatewayDir,
      port: 0,
      host: '127.0.0.1',
      reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
      connectTimeoutMs: 5_000,
      users: { scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } },
      watch: false,
    });
    gatewayUrl = gateway.url;
    await eventually(async () => (await versionOf('hello')) === '1.0.0', 'system/hello answers from 1.0.0');

    // A client loop runs from here to the end: every answer must come from a served version, none may fail.
    const answers: string[] = [];
    let looping = true;
    const loop = (async () => {
      while (looping) answers.push(await versionOf('hello'));
    })();
    try {
      await publish('hello-bundle', '1.1.0');
      expect(await rcsCommand('update')).toContain('installed  @fixture/hello-bundle@1.1.0');
      await eventually(async () => answers.at(-1) === '1.1.0', 'system/hello answers from 1.1.0');

      // A registry that refuses (wrong token) while rcs runs: the update fails with the 401, nothing moves.
      writeFileSync(join(bundleDir, '.npmrc'), registry.npmrc({ token: 'not-the-token' }));
      const refused = await rcsCommand('update').then(
        () => 'succeeded',
        (error: { code?: number; stderr?: string }) => `${error.code} ${error.stderr}`,
      );
      expect(refused).toMatch(/^2 rcs: .*refused package @fixture\/hello-bundle \(HTTP 401\)/);
      writeFileSync(join(bundleDir, '.npmrc'), registry.npmrc());

      await publish('hello-bundle', '2.0.0');
      expect(await rcsCommand('install', '@fixture/hello-bundle@^2')).toContain(
        'installed  @fixture/hello-bundle@2.0.0',
      );
      await eventually(
        async () => (await versionOf('hello2')) === '2.0.0',
        'system/hello2 answers from 2.0.0',
      );
      const after = answers.length;
      await eventually(async () => answers.length > after + 5, 'the loop goes on');
    } finally {
      looping = false;
      await loop;
    }
    expect(answers.filter((a) => a !== '1.0.0' && a !== '1.1.0')).toEqual([]);
    expect(answers.lastIndexOf('1.0.0')).toBeLessThan(answers.indexOf('1.1.0'));
    expect(answers.at(-1)).toBe('1.1.0');
    expect(rcs.child.pid).toBe(pid);
    expect(rcs.child.exitCode).toBeNull();
    expect(rcs.output()).toContain('Bundle retired');
    expect(await rcs.stop('SIGTERM')).toBe(0);
  }, 300_000);

  it('rcs run with bundleInstallOnStart installs the lock before serving, and starts with what is there when the registry refuses', async () => {
    const fresh = join(work, 'fresh');
    mkdirSync(fresh);
    copyFileSync(join(bundleDir, 'rcs-lock.json'), join(fresh, 'rcs-lock.json'));
    writeFileSync(join(fresh, '.npmrc'), registry.npmrc());
    const served = async (): Promise<string[]> => {
      const port = await freePort();
      const child = startProcess(
        process.execPath,
        [
          RCS_CLI,
          'run',
          `-Dconnectorserver.bundleDir=${fresh}`,
          `-Dconnectorserver.port=${port}`,
          '-Dconnectorserver.ifaddress=127.0.0.1',
          '-Dconnectorserver.logFormat=json',
          '-Dconnectorserver.bundleInstallOnStart=true',
        ],
        rcsEnv(),
      );
      try {
        await child.waitFor(/Connector server listening on/, 120_000);
        const channel = await connectOpenIcf({
          url: `ws://127.0.0.1:${port}/openicf`,
          key: 'changeit',
          localEndpoint: new ClientEndpoint(),
        });
        const manager = await RemoteConnectorInfoManager.load(channel);
        await channel.close();
        return [
          ...manager.connectorInfos.map((i) => i.connectorKey.bundleVersion).sort(),
          child.output().includes('Installing the bundles of the lock file failed')
            ? 'install failed'
            : 'installed',
        ];
      } finally {
        await child.stop('SIGKILL');
      }
    };
    expect(await served()).toEqual(['1.1.0', '2.0.0', 'installed']);
    rmSync(join(fresh, 'fixture+hello-bundle@2.0.0'), { recursive: true });
    writeFileSync(join(fresh, '.npmrc'), registry.npmrc({ token: 'not-the-token' }));
    expect(await served()).toEqual(['1.1.0', 'install failed']);
  }, 300_000);
});
