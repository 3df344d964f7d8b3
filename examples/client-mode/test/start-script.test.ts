/**
 * `pnpm start` (src/start.mjs) as a user runs it: templates copied into the run directory, the gateway and an
 * `rcs` in client mode started, "Ready." once system/csv is ok, the REST API answering, and SIGINT stopping the
 * RCS and then the gateway, each cleanly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNode } from '../src/processes.mjs';
import { EXAMPLE_DIR } from '../src/run-dir.mjs';
import {
  cleanup,
  freePort,
  HR_USERS,
  idmClient,
  onCleanup,
  queryAll,
  rcsEnv,
  requireBuilt,
  scratchDir,
} from './support.js';

beforeAll(requireBuilt);
afterEach(cleanup);

describe('src/start.mjs', () => {
  it('starts the gateway and the rcs in client mode, prints the curl examples, stops both on SIGINT', async () => {
    const runDir = join(scratchDir('start'), 'run');
    const port = await freePort();
    const start = startNode(
      'start.mjs',
      join(EXAMPLE_DIR, 'src', 'start.mjs'),
      ['--port', String(port), '--run-dir', runDir],
      { env: rcsEnv() },
    );
    onCleanup(() => start.stop('SIGKILL'));
    await start.waitFor(/^Ready\./m, 30_000);
    expect(start.output()).toContain(`[start] gateway listening on http://127.0.0.1:${port}`);
    expect(start.output()).toContain(`curl --header "X-OpenIDM-Username: openidm-admin"`);
    expect(start.output()).toContain(
      `"http://127.0.0.1:${port}/openidm/system/csv/account?_queryFilter=true"`,
    );

    const idm = idmClient(`http://127.0.0.1:${port}`);
    expect(await queryAll(idm)).toEqual([...HR_USERS]);
    // The run directory holds the copies; the checked-in templates are untouched.
    expect(readFileSync(join(runDir, 'rcs', 'data', 'hr.csv'))).toEqual(
      readFileSync(join(EXAMPLE_DIR, 'data', 'hr.csv')),
    );
    const template = join(EXAMPLE_DIR, 'conf', 'provisioner.openicf.connectorinfoprovider.json');
    expect(readFileSync(template, 'utf8')).toContain('"password" : "cl1ent-s3cret"');
    const copy = readFileSync(
      join(runDir, 'gateway', 'conf', 'provisioner.openicf.connectorinfoprovider.json'),
      'utf8',
    );
    expect(copy).not.toContain('cl1ent-s3cret');
    const csv = JSON.parse(
      readFileSync(join(runDir, 'gateway', 'conf', 'provisioner.openicf-csv.json'), 'utf8'),
    );
    expect(csv.configurationProperties.csvFile).toBe(join(runDir, 'rcs', 'data', 'hr.csv'));

    start.child.kill('SIGINT');
    expect(await start.exited).toBe(0);
    const output = start.output();
    expect(output).toMatch(/\[rcs\] .*Connector server stopped/);
    expect(output).toMatch(/\[gateway\] .*"msg":"gateway stopped"/);
    // The RCS stopped first, without being hurried by a second signal.
    expect(output.indexOf('Connector server stopped')).toBeLessThan(
      output.indexOf('"msg":"gateway stopped"'),
    );
    expect(output).not.toContain('Stopping now, without waiting');
    await expect(
      fetch(`http://127.0.0.1:${port}/openidm/system?_action=test`, { method: 'POST' }),
    ).rejects.toThrow();
  });
});
