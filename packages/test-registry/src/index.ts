/**
 * A real private npm registry for tests and benchmarks: {@link startTestRegistry} starts Verdaccio (6.8.x, the
 * last line that runs on Node 20) in its own process on a free loopback port, with throwaway storage and
 * configuration under the OS temp directory, no uplinks (nothing is proxied from a public registry), every
 * package readable and publishable by authenticated users only, and one user whose token it hands out.
 *
 * Packages reach it as a user's would: {@link TestRegistry.publish} runs `pnpm publish` in a temporary copy of
 * the package directory, with an `.npmrc` that names the registry and carries the token. Nothing is copied into
 * the registry's storage by hand.
 *
 * Plain async functions with no test-runner dependency, so tests, `bench/` and scripts share them. Always call
 * {@link TestRegistry.stop} (in `afterAll`, or `finally`); a registry whose parent process dies stops too (its
 * stdin closes).
 *
 * @packageDocumentation
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Settings of {@link startTestRegistry}. */
export interface TestRegistryOptions {
  /** The user created at start. Default `rcskit-test`. */
  readonly user?: string | undefined;
  /** Its password. Default: random. */
  readonly password?: string | undefined;
  /** Verdaccio's log level (`fatal`, `error`, `warn`, `info`, `http`). Default `warn`. */
  readonly logLevel?: string | undefined;
  /** Longest wait for the registry to listen, in ms. Default 30 s. */
  readonly startTimeoutMs?: number | undefined;
}

/** What {@link TestRegistry.publish} does to the temporary copy before publishing it. */
export interface PublishOptions {
  /** Rewrites `package.json` (e.g. a new version) before publishing. */
  readonly packageJson?: ((pkg: Record<string, unknown>) => Record<string, unknown>) | undefined;
  /** The dist-tag. Default `latest`. */
  readonly tag?: string | undefined;
}

/** A running registry; see the module notes. */
export interface TestRegistry {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The `//127.0.0.1:<port>/` prefix `.npmrc` keys use. */
  readonly nerfDart: string;
  readonly user: string;
  readonly password: string;
  /** The user's token. */
  readonly token: string;
  /** The throwaway directory holding configuration, storage and `.npmrc`. */
  readonly dir: string;
  /** Verdaccio's storage directory (one folder per package, tarballs inside). */
  readonly storageDir: string;
  /** An `.npmrc` in {@link dir} naming this registry with the user's token. */
  readonly npmrcPath: string;
  /**
   * `.npmrc` text for this registry: the default registry (or only `scope`'s) and the token (`token: null`
   * leaves it out, for 401 tests).
   */
  npmrc(options?: { token?: string | null; scope?: string }): string;
  /** Publishes `packageDir` (a copy of it) with `pnpm publish`; resolves with the published `name@version`. */
  publish(packageDir: string, options?: PublishOptions): Promise<string>;
  /** Stops the registry and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** The launcher beside this module once built; from sources (a test runner), the built one in `dist/`. */
function launcherPath(): string {
  const beside = fileURLToPath(new URL('./launcher.js', import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../dist/launcher.js', import.meta.url));
}

function configYaml(dir: string, logLevel: string): string {
  return [
    `storage: ${JSON.stringify(join(dir, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
    '    max_users: 100',
    'uplinks: {}',
    'packages:',
    "  '**':",
    '    access: $authenticated',
    '    publish: $authenticated',
    '    unpublish: $authenticated',
    'server:',
    '  keepAliveTimeout: 5',
    'log:',
    '  type: stdout',
    '  format: json',
    `  level: ${logLevel}`,
    '',
  ].join('\n');
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      reject(new Error(`Verdaccio did not listen within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    lines.on('line', (line) => {
      if (!line.startsWith('{"port"')) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited with code ${code} before listening: ${stderr}`));
    });
  });
}

/** Creates the user with the registry's adduser endpoint (what `npm adduser` calls) and returns its token. */
async function addUser(url: string, user: string, password: string): Promise<string> {
  const response = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(user)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: user, password, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || typeof body.token !== 'string') {
    throw new Error(`Creating registry user ${user} failed: HTTP ${response.status} ${body.error ?? ''}`);
  }
  return body.token;
}

/** Starts a registry; see the module notes. */
export async function startTestRegistry(options: TestRegistryOptions = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'rcskit-registry-'));
  const configPath = join(dir, 'config.yaml');
  await writeFile(configPath, configYaml(dir, options.logLevel ?? 'warn'));
  // stdin stays a pipe: when this process dies, Verdaccio sees it close (see the launcher) and stops.
  const child = spawn(process.execPath, [launcherPath(), configPath], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  try {
    const port = await waitForPort(child, options.startTimeoutMs ?? 30_000);
    const url = `http://127.0.0.1:${port}/`;
    const nerfDart = `//127.0.0.1:${port}/`;
    const user = options.user ?? 'rcskit-test';
    const password = options.password ?? `pw-${Math.random().toString(36).slice(2)}`;
    const token = await addUser(url, user, password);
    const npmrc = (o: { token?: string | null; scope?: string } = {}): string => {
      const lines = [o.scope === undefined ? `registry=${url}` : `${o.scope}:registry=${url}`];
      const t = o.token === undefined ? token : o.token;
      if (t !== null) lines.push(`${nerfDart}:_authToken=${t}`);
      return `${lines.join('\n')}\n`;
    };
    const npmrcPath = join(dir, '.npmrc');
    await writeFile(npmrcPath, npmrc(), { mode: 0o600 });
    const publish = async (packageDir: string, publishOptions: PublishOptions = {}): Promise<string> => {
      const work = await mkdtemp(join(dir, 'publish-'));
      try {
        await cp(packageDir, work, {
          recursive: true,
          filter: (source) => !source.split(/[\\/]/).includes('node_modules'),
        });
        const pkgPath = join(work, 'package.json');
        let pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as Record<string, unknown>;
        if (publishOptions.packageJson !== undefined) pkg = publishOptions.packageJson(pkg);
        await writeFile(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
        await writeFile(join(work, '.npmrc'), npmrc());
        const args = ['publish', '--no-git-checks', '--registry', url];
        if (publishOptions.tag !== undefined) args.push('--tag', publishOptions.tag);
        await run('pnpm', args, {
          cwd: work,
          env: { ...process.env, npm_config_userconfig: npmrcPath },
          maxBuffer: 16 * 1024 * 1024,
        });
        return `${String(pkg.name)}@${String(pkg.version)}`;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    };
    return {
      url,
      nerfDart,
      user,
      password,
      token,
      dir,
      storageDir: join(dir, 'storage'),
      npmrcPath,
      npmrc,
      publish,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
