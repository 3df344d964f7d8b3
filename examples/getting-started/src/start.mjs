#!/usr/bin/env node
// @ts-check
/**
 * `pnpm start` of the getting-started example: the connector server on port 8759 (key `Passw0rd`, the CSV and
 * the scripted bundles) and the gateway on port 8080 configured for it, until CTRL+C.
 *
 * ```
 * node src/start.mjs [--gateway-port 8080] [--rcs-port 8759] [--host 127.0.0.1] [--run-dir .run] [--reset]
 *                    [--log-level info]
 * ```
 *
 * Environment: `GATEWAY_PORT`, `RCS_PORT` (the options win). Builds nothing: the root `pnpm start` builds the
 * packages first. When started with an IPC channel (`child_process.fork`, as the tests do) it sends
 * `{ type: 'ready', gatewayUrl, rcsUrl, rcsPid, runDir, ready, systems }` and stops when the channel closes.
 */
import { parseArgs } from 'node:util';
import { startExample } from './example.mjs';

const USAGE = `Usage: node src/start.mjs [options]

  --gateway-port <port>  gateway (IDM REST) port; env GATEWAY_PORT; default 8080 (0 = any free port)
  --rcs-port <port>      connector server port; env RCS_PORT; default 8759 (0 = any free port)
  --host <address>       interface both listen on; default 127.0.0.1 (0.0.0.0 = all)
  --run-dir <dir>        runtime directory; default examples/getting-started/.run
  --reset                start again from conf.template/ and data/hr.csv (removes the runtime directory)
  --log-level <level>    gateway log level: debug, info, warn, error, silent; default info
  -h, --help             this text
`;

/**
 * @param {string | undefined} text
 * @param {string} name
 * @param {number} fallback
 */
function portOf(text, name, fallback) {
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number (0-65535), not '${text}'`);
  }
  return port;
}

/** @param {string} text */
function levelOf(text) {
  const levels = /** @type {const} */ (['debug', 'info', 'warn', 'error', 'silent']);
  const level = levels.find((l) => l === text);
  if (level === undefined) throw new Error(`--log-level must be one of ${levels.join(', ')}, not '${text}'`);
  return level;
}

/**
 * The text printed once everything runs: URLs, what is configured, and curl commands to try.
 * @param {import('./example.mjs').Example} example
 */
function banner(example) {
  const api = example.gatewayUrl.replace('//127.0.0.1:', '//localhost:');
  const auth = '-H "X-OpenIDM-Username: openidm-admin" -H "X-OpenIDM-Password: openidm-admin"';
  const systems = example.systems
    .map(
      (s) => `    ${s.name.padEnd(8)} ${s.ok ? 'ok' : `NOT ok: ${s.error ?? ''} ${s.reason ?? ''}`.trim()}`,
    )
    .join('\n');
  return `
rcskit getting-started is ${example.ready ? 'running' : 'running, but not every system tests ok (see above)'}

  Gateway (IDM REST)   ${api}/openidm   user openidm-admin, password openidm-admin
  Connector server     ${example.rcsUrl}   key Passw0rd, bundles CSV + scripted (pid ${example.rcsPid})
  Runtime directory    ${example.runDir.dir}
  Systems (POST /openidm/system?_action=test)
${systems || '    (none)'}

Try:
  curl ${auth} -X POST "${api}/openidm/system?_action=test"
  curl ${auth} "${api}/openidm/system/csv/account?_queryFilter=true"
  curl ${auth} "${api}/openidm/system/groovy/users?_queryFilter=true&_pageSize=4&_sortKeys=displayName,-__NAME__&_fields=__NAME__,displayName"
  curl ${auth} -X POST "${api}/openidm/system/groovy?_action=script&scriptId=script-1"

More in the README's "Try it". Stop with CTRL+C.
`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      'gateway-port': { type: 'string' },
      'rcs-port': { type: 'string' },
      host: { type: 'string' },
      'run-dir': { type: 'string' },
      reset: { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options = {
    gatewayPort: portOf(values['gateway-port'] ?? process.env.GATEWAY_PORT, 'the gateway port', 8080),
    rcsPort: portOf(values['rcs-port'] ?? process.env.RCS_PORT, 'the connector server port', 8759),
    host: values.host ?? '127.0.0.1',
    runDir: values['run-dir'],
    reset: values.reset,
    logLevel: levelOf(values['log-level'] ?? 'info'),
  };

  // Signals are handled from the start: one during start-up stops what was started already.
  const controller = new AbortController();
  /** @type {import('./example.mjs').Example | undefined} */
  let example;
  let stopping = false;
  /** @param {string} why */
  const stop = (why) => {
    if (stopping) {
      // A second CTRL+C: do not wait for operations in progress (the connector server is killed on exit).
      process.stdout.write(`[example] ${why} again: stopping now\n`);
      if (example === undefined) process.exit(1);
      void example.stop({ force: true }).finally(() => process.exit(1));
      return;
    }
    stopping = true;
    process.stdout.write(`[example] ${why}: stopping the gateway, then the connector server\n`);
    if (example === undefined) {
      controller.abort();
      return;
    }
    example.stop().then(
      (code) => {
        process.stdout.write(`[example] stopped (connector server exit code ${code})\n`);
        process.exit(code === 0 ? 0 : 1);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('disconnect', () => stop('parent gone'));

  try {
    example = await startExample({ ...options, signal: controller.signal });
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    process.stdout.write('[example] stopped before it was ready\n');
    process.exit(0);
  }
  const running = example;
  running.rcsExit.then((code) => {
    if (stopping) return;
    process.stdout.write(`[example] the connector server exited unexpectedly (code ${code})\n`);
    stop('connector server gone');
  });

  process.stdout.write(banner(running));
  process.send?.({
    type: 'ready',
    gatewayUrl: running.gatewayUrl,
    rcsUrl: running.rcsUrl,
    rcsPid: running.rcsPid,
    runDir: running.runDir.dir,
    ready: running.ready,
    systems: running.systems,
  });
}

main().catch((error) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /EADDRINUSE|port is in use/.test(message)
    ? ' (a port is in use: choose others with --gateway-port / --rcs-port, or GATEWAY_PORT / RCS_PORT)'
    : '';
  process.stderr.write(`getting-started: ${message}${hint}\n`);
  process.exit(1);
});
