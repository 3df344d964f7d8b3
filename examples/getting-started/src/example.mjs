// @ts-check
/**
 * {@link startExample}: the getting-started composition — the connector server (`rcs run`, a child process,
 * hosting the CSV and the scripted bundles) and, once it listens, the gateway (in this process) configured for
 * it — and its orderly stop.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { startGateway } from '@rcskit/gateway';
import { EXAMPLE_DIR, pointConnectorServersAt, prepareRunDir } from './run-dir.mjs';

/** The properties of this example's connector server. */
export const RCS_PROPERTIES = join(EXAMPLE_DIR, 'rcs', 'conf', 'ConnectorServer.properties');

/** The credentials of the user the gateway creates on first start (IDM's default administrator). */
export const ADMIN_HEADERS = Object.freeze({
  'X-OpenIDM-Username': 'openidm-admin',
  'X-OpenIDM-Password': 'openidm-admin',
});

const LEVELS = /** @type {const} */ (['debug', 'info', 'warn', 'error', 'silent']);
/** @typedef {(typeof LEVELS)[number]} Level */
/**
 * @typedef {object} SystemStatus  one entry of `POST /openidm/system?_action=test`
 * @property {string} name
 * @property {boolean} ok
 * @property {string} [displayName]
 * @property {string} [error]
 * @property {string} [reason]
 */

/**
 * @typedef {object} ExampleOptions
 * @property {number} [gatewayPort]   default 8080 (0 = any free port)
 * @property {number} [rcsPort]       default 8759 (0 = any free port)
 * @property {string} [host]          interface of both servers; default 127.0.0.1
 * @property {string} [runDir]        default examples/getting-started/.run
 * @property {boolean} [reset]        start from the templates again
 * @property {Level} [logLevel]       gateway log level; default info
 * @property {number} [readyTimeoutMs] how long to wait for every system to test ok; default 30 s
 * @property {(line: string) => void} [print] where log lines go; default stdout
 * @property {AbortSignal} [signal]   aborts the start: what was started is stopped, and the promise rejects with
 *   an `AbortError`
 */

/**
 * @typedef {object} Example
 * @property {string} gatewayUrl      e.g. http://127.0.0.1:8080
 * @property {string} rcsUrl          e.g. ws://127.0.0.1:8759/openicf
 * @property {number} rcsPid
 * @property {import('./run-dir.mjs').RunDir} runDir
 * @property {SystemStatus[]} systems the last `_action=test` answer
 * @property {boolean} ready          whether every system tested ok in time
 * @property {Promise<number | null>} rcsExit resolves with the connector server's exit code when it ends
 * @property {(options?: { force?: boolean }) => Promise<number | null>} stop stops the gateway, then the
 *   connector server; resolves with the latter's exit code
 */

/** The `rcs` command of the workspace's @rcskit/server. */
function rcsCli() {
  const require = createRequire(join(EXAMPLE_DIR, 'package.json'));
  const pkgFile = require.resolve('@rcskit/server/package.json');
  const bin = require(pkgFile).bin;
  return join(dirname(pkgFile), typeof bin === 'string' ? bin : bin.rcs);
}

/**
 * A pino-compatible logger printing `[gateway] LEVEL message key=value…` lines.
 * @param {Level} level
 * @param {(line: string) => void} print
 */
function gatewayLogger(level, print) {
  const threshold = LEVELS.indexOf(level);
  /** @param {Exclude<Level, 'silent'>} name */
  const at = (name) => (/** @type {object | string} */ objOrMsg, /** @type {string | undefined} */ msg) => {
    if (LEVELS.indexOf(name) < threshold) return;
    const fields = typeof objOrMsg === 'string' ? {} : objOrMsg;
    const message = typeof objOrMsg === 'string' ? objOrMsg : (msg ?? '');
    const extra = Object.entries(fields)
      .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('');
    print(`[gateway] ${name.toUpperCase().padEnd(5)} ${message}${extra}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** pino's numeric levels. */
const PINO_LEVELS = /** @type {Record<string, string>} */ ({
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
});

/**
 * One output line of `rcs` as printed here, with an `[rcs]` prefix: a JSON log record as `LEVEL message`, with
 * the connector it concerns and, for warnings and errors, its fields (`rcs run` on a terminal prints every
 * field, `formatPrettyLine` of @rcskit/server); anything else — script logs, start-up errors — as is.
 * @param {string} line
 * @returns {{ text: string, record?: Record<string, unknown> }}
 */
function formatRcsLine(line) {
  if (line.startsWith('{')) {
    try {
      const record = JSON.parse(line);
      const {
        level,
        time: _time,
        pid: _pid,
        hostname: _host,
        msg,
        component: _c,
        connector,
        ...fields
      } = record;
      const name = PINO_LEVELS[String(level)] ?? String(level);
      // Facade lines carry the connector key as text (`connector`); connector and script lines carry their
      // own `connectorName` (and scripts a short `connector` name and the script's `operation`).
      const connectorName =
        typeof fields.connectorName === 'string'
          ? fields.connectorName
          : /connectorName=([^\s)]+)/.exec(String(connector ?? ''))?.[1];
      const about = connectorName?.split('.').pop();
      const detail =
        Number(level) >= 40 && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      return { text: `[rcs] ${name.padEnd(5)} ${msg ?? ''}${about ? ` (${about})` : ''}${detail}`, record };
    } catch {
      // not a log record
    }
  }
  return { text: `[rcs] ${line}` };
}

/**
 * Polls `POST /openidm/system?_action=test` until every system is ok or `timeoutMs` passes.
 * @param {string} gatewayUrl
 * @param {number} timeoutMs
 * @param {() => boolean} stopped
 * @returns {Promise<{ ready: boolean, systems: SystemStatus[] }>}
 */
async function waitUntilReady(gatewayUrl, timeoutMs, stopped) {
  const until = Date.now() + timeoutMs;
  /** @type {SystemStatus[]} */
  let systems = [];
  for (;;) {
    try {
      const response = await fetch(`${gatewayUrl}/openidm/system?_action=test`, {
        method: 'POST',
        headers: ADMIN_HEADERS,
      });
      if (response.ok) {
        systems = /** @type {SystemStatus[]} */ (await response.json());
        if (systems.length > 0 && systems.every((s) => s.ok)) return { ready: true, systems };
      }
    } catch {
      // not answering yet
    }
    if (stopped() || Date.now() > until) return { ready: false, systems };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts the connector server, then the gateway, and waits until the gateway answers and its systems test ok.
 * @param {ExampleOptions} [options]
 * @returns {Promise<Example>}
 */
export async function startExample(options = {}) {
  const print = options.print ?? ((/** @type {string} */ line) => process.stdout.write(`${line}\n`));
  const host = options.host ?? '127.0.0.1';
  const runDir = await prepareRunDir({ dir: options.runDir, reset: options.reset });
  for (const warning of runDir.warnings) print(`[example] WARN  ${warning}`);

  // The connector server. Its own process group (POSIX), so that a terminal's CTRL+C reaches only this
  // process, which stops the gateway first and then the connector server (in that order, without the gateway
  // seeing its server vanish).
  const child = spawn(
    process.execPath,
    [
      rcsCli(),
      'run',
      '--properties',
      RCS_PROPERTIES,
      `-Dconnectorserver.port=${options.rcsPort ?? 8759}`,
      `-Dconnectorserver.ifaddress=${host}`,
      '-Dconnectorserver.logFormat=json',
    ],
    { cwd: runDir.dir, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' },
  );
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  /** @type {Promise<number | null>} */
  const rcsExit = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolveExit(code ?? (signal !== null ? null : 0));
    });
    child.once('error', () => resolveExit(null));
  });

  /** What `rcs` wrote that is not a log record (its start-up errors), for the error when it stops early. */
  /** @type {string[]} */
  const complaints = [];
  /** @type {(port: number) => void} */
  let onListening = () => {};
  /** @type {Promise<number>} */
  const listening = new Promise((resolvePort, reject) => {
    onListening = resolvePort;
    rcsExit.then((code) =>
      reject(
        new Error(
          `the connector server exited (code ${code}) before it listened${complaints.length > 0 ? `: ${complaints.slice(-3).join(' / ')}` : ''}`,
        ),
      ),
    );
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      const { text, record } = formatRcsLine(line);
      print(text);
      if (record === undefined) complaints.push(line.trim());
      if (record && typeof record.port === 'number' && /listening/i.test(String(record.msg))) {
        onListening(record.port);
      }
    });
  }

  /** @type {import('@rcskit/gateway').Gateway | undefined} */
  let gateway;
  let stopping = false;
  /** @type {Promise<number | null> | undefined} */
  let stopped;
  /** @param {{ force?: boolean }} [stopOptions] */
  const stop = (stopOptions = {}) => {
    if (stopOptions.force) {
      killOnExit();
      return rcsExit;
    }
    stopping = true;
    stopped ??= (async () => {
      if (gateway !== undefined) await gateway.close().catch(() => {});
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // rcs lets operations in progress finish for up to connectorserver.shutdownTimeout (10 s).
      const timer = setTimeout(killOnExit, 15_000);
      const code = await rcsExit;
      clearTimeout(timer);
      return code;
    })();
    return stopped;
  };

  /** Rejects with an AbortError once `options.signal` aborts. */
  /** @type {Promise<never>} */
  const aborted = new Promise((_, reject) => {
    const abort = () => {
      const error = new Error('the start was interrupted');
      error.name = 'AbortError';
      reject(error);
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
  });
  aborted.catch(() => {});

  try {
    const rcsPort = await Promise.race([listening, aborted]);
    await pointConnectorServersAt(runDir.gatewayDir, rcsPort);
    gateway = await startGateway({
      dir: runDir.gatewayDir,
      port: options.gatewayPort ?? 8080,
      host,
      logger: gatewayLogger(options.logLevel ?? 'info', print),
      reconnect: { initialDelayMs: 250, maxDelayMs: 5000 },
    });
    const { ready, systems } = await waitUntilReady(
      gateway.url,
      options.readyTimeoutMs ?? 30_000,
      () => stopping || child.exitCode !== null || options.signal?.aborted === true,
    );
    if (options.signal?.aborted) await aborted;
    const loopback = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return {
      gatewayUrl: gateway.url,
      rcsUrl: `ws://${loopback.includes(':') ? `[${loopback}]` : loopback}:${rcsPort}/openicf`,
      rcsPid: /** @type {number} */ (child.pid),
      runDir,
      systems,
      ready,
      rcsExit,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
