/**
 * The real connector server for the end-to-end tests: `node packages/server/dist/cli.js run …` started from the
 * scim-json example's directory (so the provisioner's relative `scriptRoots` resolve as they do under
 * `pnpm start`), with this package's `dist/` built first when it is missing or older than `src/` (the test task
 * builds the dependencies, not the package itself).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PACKAGE_DIR, WORKSPACE } from './helpers.js';

/** The `rcs` binary of the workspace's server package. */
export const RCS_CLI = join(WORKSPACE, 'packages', 'server', 'dist', 'cli.js');

function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/** Builds this package (`tsc -p tsconfig.build.json`) when `dist/index.js` is missing or older than `src/`. */
export function ensureBundleBuilt(): void {
  const entry = join(PACKAGE_DIR, 'dist', 'index.js');
  if (existsSync(entry) && statSync(entry).mtimeMs >= newest(join(PACKAGE_DIR, 'src'))) return;
  const tsc = createRequire(join(PACKAGE_DIR, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PACKAGE_DIR, stdio: 'pipe' });
}

/** A TCP port free right now on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A running `rcs run`. */
export interface Rcs {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves once `pattern` appears in the output; rejects when the process exits or `timeoutMs` passes. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Stops the process and resolves with its exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts `rcs` with `args` in `cwd`. */
export function startRcs(args: readonly string[], cwd: string, env: Record<string, string> = {}): Rcs {
  if (!existsSync(RCS_CLI)) {
    throw new Error(`${RCS_CLI} does not exist: build @rcskit/server first (pnpm build)`);
  }
  const child = spawn(process.execPath, [RCS_CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? -1);
      for (const waiter of waiters) waiter();
    });
  });
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`rcs did not print ${pattern} in time:\n${text}`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (pattern.test(text)) finish();
          else if (child.exitCode !== null || child.signalCode !== null) {
            finish(new Error(`rcs exited before printing ${pattern}:\n${text}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
