/**
 * Runs the example as users do — `node src/start.mjs`, a child process (forked, so it reports readiness over IPC
 * and stops when the test process goes away) — on free ports and a temporary runtime directory, plus a small
 * JSON client for the gateway and the fixtures.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const START_SCRIPT = join(EXAMPLE_DIR, 'src', 'start.mjs');
export const SCIM_JSON_DIR = join(EXAMPLE_DIR, '..', 'scim-json');

export const ADMIN_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-OpenIDM-Username': 'openidm-admin',
  'X-OpenIDM-Password': 'openidm-admin',
});

/** Parses a JSON file of test/fixtures. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export interface SystemStatus {
  name: string;
  ok: boolean;
  error?: string;
  reason?: string;
}

/** What `start.mjs` reports once running. */
export interface ReadyMessage {
  type: 'ready';
  gatewayUrl: string;
  rcsUrl: string;
  rcsPid: number;
  runDir: string;
  ready: boolean;
  systems: SystemStatus[];
}

export interface CallInit {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

export interface RunningExample extends ReadyMessage {
  readonly child: ChildProcess;
  /** Everything the example printed so far. */
  output(): string;
  /** A request to the gateway as the administrator; `path` starts with `/openidm`. */
  call(method: string, path: string, init?: CallInit): Promise<CallResult>;
  /** Sends `signal`, waits for the exit (killing everything after `timeoutMs`); resolves with the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** Stops (if still running), kills whatever is left, removes the runtime directory. Never throws. */
  dispose(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is gone within `timeoutMs`. */
export async function exited(pid: number, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Starts the example on ports chosen by the system; resolves once it reported ready. */
export async function startExampleProcess(): Promise<RunningExample> {
  const runDir = await mkdtemp(join(tmpdir(), 'rcskit-getting-started-'));
  const child = fork(
    START_SCRIPT,
    ['--gateway-port', '0', '--rcs-port', '0', '--run-dir', runDir, '--log-level', 'warn'],
    { cwd: EXAMPLE_DIR, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env } },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Whatever happens to this test process, the example must not outlive it.
  let rcsPid: number | undefined;
  const killAll = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (rcsPid !== undefined && alive(rcsPid)) process.kill(rcsPid, 'SIGKILL');
  };
  process.once('exit', killAll);

  let ready: ReadyMessage;
  try {
    ready = await new Promise<ReadyMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready after 60 s:\n${output}`)), 60_000);
      child.on('message', (message: ReadyMessage) => {
        if (message?.type !== 'ready') return;
        clearTimeout(timer);
        resolve(message);
      });
      exit.then((code) => {
        clearTimeout(timer);
        reject(new Error(`start.mjs exited (code ${code}) before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    killAll();
    process.off('exit', killAll);
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
  rcsPid = ready.rcsPid;

  const call = async (method: string, path: string, init: CallInit = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...ADMIN_HEADERS, ...init.headers };
    let body: string | undefined;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${ready.gatewayUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  const stop = async (signal: NodeJS.Signals = 'SIGINT', timeoutMs = 20_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return exit;
    child.kill(signal);
    const timer = setTimeout(killAll, timeoutMs);
    const code = await exit;
    clearTimeout(timer);
    return code;
  };

  return {
    ...ready,
    child,
    output: () => output,
    call,
    stop,
    async dispose() {
      try {
        await stop('SIGTERM', 15_000);
      } catch {
        // killed below
      }
      killAll();
      await exited(ready.rcsPid, 5000);
      process.off('exit', killAll);
      await rm(runDir, { recursive: true, force: true });
    },
  };
}
