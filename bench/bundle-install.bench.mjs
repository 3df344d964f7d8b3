#!/usr/bin/env node
/**
 * Bundle install and hot-reload benchmark (docs/bundles.md#upgrades-without-restart), against a real local
 * registry (`@rcskit/test-registry`, Verdaccio):
 *
 * 1. **`rcs install`** of one bundle (a fixture with one dependency) into a fresh bundle directory, against
 *    `npm install` of the same package into a fresh directory, same registry, same cold cache state — the
 *    by-hand way. Ratio = rcs ÷ npm.
 * 2. **New version → served**: a running `rcs run` (bundleWatch on) with a client connected; a new version is
 *    renamed into the bundle directory (as `rcs install` does) and the time until the client's connector list
 *    shows it is measured, against stopping `rcs`, starting it again and the list showing the version — the
 *    restart a Java RCS needs. Ratio = hot reload ÷ restart.
 *
 * Run from the repository root after `pnpm build`:
 *
 *     node bench/bundle-install.bench.mjs [--rounds 5] [--json]
 *
 * Medians of the rounds; cases alternate within each round. It asserts nothing about time.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestRegistry } from '@rcskit/test-registry';
import { ClientEndpoint, connectOpenIcf, RemoteConnectorInfoManager } from '@rcskit/transport';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const RCS = join(root, 'packages', 'server', 'dist', 'cli.js');
const FIXTURES = join(root, 'packages', 'server', 'test', 'fixtures', 'registry-packages');
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 5;
const json = args.includes('--json');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'rcskit-bench-install-'));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function env(cache) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: work,
    NPM_CONFIG_USERCONFIG: join(work, 'none'),
    npm_config_cache: cache,
  };
}

let count = 0;
/** A fresh directory with the registry's `.npmrc` and its own empty npm cache. */
function freshDir(registry) {
  const dir = join(work, `d${count++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, '.npmrc'), registry.npmrc());
  return { dir, cache: join(work, `cache${count}`) };
}

async function timeRcsInstall(registry) {
  const { dir, cache } = freshDir(registry);
  const started = performance.now();
  await run(
    process.execPath,
    [RCS, 'install', '@fixture/hello-bundle@^1', `-Dconnectorserver.bundleDir=${dir}`],
    {
      env: env(cache),
    },
  );
  return performance.now() - started;
}

async function timeNpmInstall(registry) {
  const { dir, cache } = freshDir(registry);
  writeFileSync(join(dir, 'package.json'), '{"name":"bench","private":true}');
  const started = performance.now();
  await run('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '@fixture/hello-bundle@^1'], {
    cwd: dir,
    env: env(cache),
  });
  return performance.now() - started;
}

/** `rcs run` over `bundleDir`; resolves once listening. */
async function startRcs(bundleDir, port) {
  const child = spawn(
    process.execPath,
    [
      RCS,
      'run',
      `-Dconnectorserver.bundleDir=${bundleDir}`,
      `-Dconnectorserver.port=${port}`,
      '-Dconnectorserver.ifaddress=127.0.0.1',
      '-Dconnectorserver.logFormat=json',
    ],
    { env: env(join(work, 'cache-run')), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      text += chunk;
      if (text.includes('Connector server listening on')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`rcs exited:\n${text}`)));
  });
  return child;
}

function stopRcs(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** A client of the rcs on `port`; `has(version)` asks for the list and tells whether it shows the version. */
async function client(port) {
  const channel = await connectOpenIcf({
    url: `ws://127.0.0.1:${port}/openicf`,
    key: 'changeit',
    localEndpoint: new ClientEndpoint(),
  });
  const manager = await RemoteConnectorInfoManager.load(channel);
  return {
    channel,
    async has(version) {
      await manager.refresh();
      return manager.connectorInfos.some((i) => i.connectorKey.bundleVersion === version);
    },
  };
}

async function until(check) {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function main() {
  const registry = await startTestRegistry();
  const children = [];
  try {
    await registry.publish(join(FIXTURES, 'greeting'));
    await registry.publish(join(FIXTURES, 'hello-bundle'));
    // Installed packages to copy in: one per version the reload rounds add.
    const source = freshDir(registry);
    await run(
      process.execPath,
      [RCS, 'install', '@fixture/hello-bundle@1.0.0', `-Dconnectorserver.bundleDir=${source.dir}`],
      {
        env: env(source.cache),
      },
    );
    const installed = join(source.dir, 'fixture+hello-bundle@1.0.0');

    const rcsTimes = [];
    const npmTimes = [];
    const reloadTimes = [];
    const restartTimes = [];
    const bundleDir = join(work, 'served');
    mkdirSync(bundleDir);
    const port = await freePort();
    let rcs = await startRcs(bundleDir, port);
    children.push(() => rcs);
    let probe = await client(port);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['rcs', 'npm'] : ['npm', 'rcs'];
      for (const which of order) {
        if (which === 'rcs') rcsTimes.push(await timeRcsInstall(registry));
        else npmTimes.push(await timeNpmInstall(registry));
      }
      // Hot: a new version appears (one rename of a complete install) → served.
      const hotVersion = `1.0.${round * 2 + 1}`;
      const staged = join(bundleDir, `.rcs-staging-${hotVersion}`);
      cpSync(installed, staged, { recursive: true });
      const pkgPath = join(staged, 'package.json');
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
      writeFileSync(pkgPath, JSON.stringify({ ...pkg, version: hotVersion }));
      let started = performance.now();
      renameSync(staged, join(bundleDir, `v${hotVersion}`));
      await until(() => probe.has(hotVersion));
      reloadTimes.push(performance.now() - started);
      // Restart: the same with rcs stopped, the version put in place, rcs started and the list read.
      const coldVersion = `1.0.${round * 2 + 2}`;
      const coldStaged = join(work, `cold-${coldVersion}`);
      cpSync(installed, coldStaged, { recursive: true });
      writeFileSync(join(coldStaged, 'package.json'), JSON.stringify({ ...pkg, version: coldVersion }));
      started = performance.now();
      await probe.channel.close();
      await stopRcs(rcs);
      renameSync(coldStaged, join(bundleDir, `v${coldVersion}`));
      rcs = await startRcs(bundleDir, port);
      probe = await client(port);
      await until(() => probe.has(coldVersion));
      restartTimes.push(performance.now() - started);
    }
    await probe.channel.close();
    await stopRcs(rcs);
    const result = {
      rounds,
      rcsInstallMs: Math.round(median(rcsTimes)),
      npmInstallMs: Math.round(median(npmTimes)),
      installRatio: Number((median(rcsTimes) / median(npmTimes)).toFixed(2)),
      newVersionServedMs: Math.round(median(reloadTimes)),
      restartServedMs: Math.round(median(restartTimes)),
      reloadRatio: Number((median(reloadTimes) / median(restartTimes)).toFixed(3)),
    };
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `rcs install, one bundle + 1 dependency: median ${result.rcsInstallMs} ms; npm install of the same: ${result.npmInstallMs} ms; ratio ${result.installRatio}\n` +
          `new version in the bundle directory → served: median ${result.newVersionServedMs} ms; by a restart: ${result.restartServedMs} ms; ratio ${result.reloadRatio}\n` +
          `(${rounds} rounds; spreads: rcs ${Math.round(Math.min(...rcsTimes))}–${Math.round(Math.max(...rcsTimes))} ms, reload ${Math.round(Math.min(...reloadTimes))}–${Math.round(Math.max(...reloadTimes))} ms)\n`,
      );
    }
  } finally {
    for (const child of children) await stopRcs(child()).catch(() => {});
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
