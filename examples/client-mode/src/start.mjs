#!/usr/bin/env node
/**
 * Runs the client-mode example: the gateway (IDM's part) and an `rcs` in client mode that dials it.
 *
 * ```
 * node src/start.mjs [--port 8080] [--host 127.0.0.1] [--run-dir .run]
 * ```
 *
 * 1. Copies the templates (`conf/`, `rcs/conf/ConnectorServer.properties`) and `data/hr.csv` into a fresh run
 *    directory (default `.run/`, git-ignored), pointing the provisioner's `csvFile` at the copy.
 * 2. Starts `rcs-gateway run --dir <run>/gateway --port <port>` and waits until its REST API answers.
 * 3. Starts `rcs run --properties <run>/rcs/conf/ConnectorServer.properties` with
 *    `-Dconnectorserver.url=ws://<host>:<port>/openicf`: the RCS dials the gateway and authenticates as the
 *    `remoteConnectorClients` entry `onprem`.
 * 4. Waits until `POST /openidm/system?_action=test` reports the `csv` system `"ok": true`, then prints curl
 *    examples. SIGINT / SIGTERM stop the RCS, then the gateway; if either dies, the other is stopped too.
 *
 * @module
 */
import { rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { eventually, idmClient } from './idm-client.mjs';
import { startNode } from './processes.mjs';
import { clientModeArgs, EXAMPLE_DIR, GATEWAY_CLI, prepareRunDir, RCS_CLI, SYSTEM } from './run-dir.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'run-dir': { type: 'string', default: resolve(EXAMPLE_DIR, '.run') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('usage: node src/start.mjs [--port 8080] [--host 127.0.0.1] [--run-dir .run]\n');
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write(`start: --port must be a port number, not ${values.port}\n`);
  process.exit(2);
}
const host = values.host;
const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
const baseUrl = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`;

/** @param {string} text */
const say = (text) => process.stdout.write(`[start] ${text}\n`);
/** @param {string} prefix */
const printer = (prefix) => (/** @type {string} */ line) => {
  if (line !== '') process.stdout.write(`${prefix} ${line}\n`);
};

const runDir = resolve(values['run-dir']);
rmSync(runDir, { recursive: true, force: true });
const run = prepareRunDir(runDir);
say(`run directory ${relative(process.cwd(), runDir) || '.'} (templates and hr.csv copied)`);

/** @type {import('./processes.mjs').NodeProcess[]} */
const children = [];
let stopping = false;

/** Stops the RCS first (it finishes its operations), then the gateway. */
async function stopAll(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  for (const child of [...children].reverse()) {
    if (!child.running()) continue;
    const timer = setTimeout(() => child.child.kill('SIGKILL'), 15_000);
    await child.stop('SIGTERM');
    clearTimeout(timer);
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// The children run in their own process groups: should this script end any other way, do not leave them behind.
process.on('exit', () => {
  for (const child of children) if (child.running()) child.child.kill('SIGTERM');
});

/** A child that ends on its own takes the example down. */
function watch(/** @type {import('./processes.mjs').NodeProcess} */ child) {
  children.push(child);
  void child.exited.then((code) => {
    if (stopping) return;
    say(`${child.label} exited (${code}); stopping`);
    void stopAll(1);
  });
  return child;
}

try {
  const gateway = watch(
    startNode(
      'rcs-gateway',
      GATEWAY_CLI,
      ['run', '--dir', run.gatewayDir, '--port', String(port), '--host', host, '--log-level', 'info'],
      { onLine: printer('[gateway]'), detached: true },
    ),
  );
  const idm = idmClient(baseUrl);
  await eventually(
    async () => {
      if (!gateway.running()) throw new Error('the gateway exited');
      return (await idm.call('GET', '/openidm/config')).status === 200;
    },
    { timeoutMs: 20_000, intervalMs: 100, what: `the gateway answering on ${baseUrl}` },
  );
  say(`gateway listening on ${baseUrl} (REST /openidm/…, OpenICF endpoint /openicf)`);

  const rcs = watch(
    startNode('rcs', RCS_CLI, clientModeArgs(run, baseUrl, ['-Dconnectorserver.logFormat=pretty']), {
      onLine: printer('[rcs]'),
      detached: true,
    }),
  );
  /** @type {any} */
  let last;
  await eventually(
    async () => {
      if (!rcs.running()) throw new Error('rcs exited');
      last = (await idm.call('POST', '/openidm/system?_action=test')).body;
      return Array.isArray(last) && last.some((s) => s.name === SYSTEM && s.ok === true);
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'system/csv reporting "ok": true' },
  );
  say(`the rcs dialled in as "onprem"; system/${SYSTEM} is ok:`);
  process.stdout.write(`${JSON.stringify(last, null, 2)}\n`);

  const auth = `--header "X-OpenIDM-Username: openidm-admin" --header "X-OpenIDM-Password: openidm-admin"`;
  const json = `--header "Content-Type: application/json"`;
  process.stdout.write(
    [
      '',
      'Ready. Try (Ctrl-C stops both processes):',
      '',
      `curl ${auth} --request POST "${baseUrl}/openidm/system?_action=test"`,
      `curl ${auth} --request POST "${baseUrl}/openidm/system?_action=testConnectorServers"`,
      `curl ${auth} "${baseUrl}/openidm/system/csv/account?_queryFilter=true"`,
      `curl ${auth} "${baseUrl}/openidm/system/csv/account?_queryFilter=lastName+eq+%22Jensen%22"`,
      `curl ${auth} ${json} --request POST --data '{"uid":"JDOE","firstName":"John","lastName":"Doe","email":"jdoe@example.com","employeeNumber":"345678"}' "${baseUrl}/openidm/system/csv/account?_action=create"`,
      `curl ${auth} "${baseUrl}/openidm/system/csv/account/JDOE"`,
      `curl ${auth} ${json} --request PATCH --data '[{"operation":"replace","field":"email","value":"john.doe@example.com"}]' "${baseUrl}/openidm/system/csv/account/JDOE"`,
      `curl ${auth} --request POST "${baseUrl}/openidm/system?_action=liveSync&source=system/csv/account"`,
      `curl ${auth} --request DELETE "${baseUrl}/openidm/system/csv/account/JDOE"`,
      '',
      `The CSV file is ${run.csvFile}; the gateway's configuration ${run.confDir}.`,
      '',
    ].join('\n'),
  );
} catch (error) {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
