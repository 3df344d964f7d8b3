/**
 * Round-robin groups with two real `rcs` processes, in the PingIDM 7 layout (the group is an entry typed
 * `remoteConnectorServersGroup` / `remoteConnectorClientsGroup` in the server / client list, as in the seed).
 *
 * How the calls are counted: each RCS serves its own copy of `hr.csv` with one marker user (`RCSA` / `RCSB`; see
 * failover.test.ts), so each query answer names the RCS that served it. The gateway exposes no per-server call
 * counters, and counting inside the RCS processes would need their debug logs; the answers themselves are the
 * observable effect of the routing.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareRunDir } from '../src/run-dir.mjs';
import {
  cleanup,
  gatewayDirWith,
  HR_USERS,
  type IdmClient,
  idmClient,
  queryAll,
  rcsHome,
  requireBuilt,
  SYSTEM,
  scratchDir,
  servedBy,
  serverEntry,
  serversOk,
  startClientRcs,
  startServerRcs,
  startTestGateway,
} from './support.js';

beforeAll(requireBuilt);
afterEach(cleanup);

const MARKERS = ['RCSA', 'RCSB'];
const N = 10;

/** Runs `N` queries and returns who served each. */
async function spread(idm: IdmClient): Promise<string[]> {
  const served: string[] = [];
  for (let i = 0; i < N; i++) {
    const result = await queryAll(idm);
    expect(result.filter((id) => !MARKERS.includes(id))).toEqual([...HR_USERS]);
    served.push(servedBy(result, MARKERS));
  }
  return served;
}

/** Equal shares, and strictly alternating: the start member rotates with every call. */
function expectRoundRobin(served: readonly string[]): void {
  expect(served.filter((s) => s === 'RCSA')).toHaveLength(N / 2);
  expect(served.filter((s) => s === 'RCSB')).toHaveLength(N / 2);
  for (let i = 1; i < served.length; i++) expect(served[i]).not.toBe(served[i - 1]);
}

describe('roundrobin groups', () => {
  it('spreads queries evenly over two RCSs in server mode (remoteConnectorServersGroup entry)', async () => {
    const parent = scratchDir('roundrobin');
    const homeA = rcsHome(parent, 'rcsa', 'RCSA');
    const homeB = rcsHome(parent, 'rcsb', 'RCSB');
    const [rcsA, rcsB] = await Promise.all([
      startServerRcs('rcsa', homeA.home),
      startServerRcs('rcsb', homeB.home),
    ]);
    const { gateway } = await startTestGateway(
      gatewayDirWith(
        {
          remoteConnectorServers: [
            serverEntry('rcsa', rcsA.port),
            serverEntry('rcsb', rcsB.port),
            {
              type: 'remoteConnectorServersGroup',
              name: 'csvrr',
              displayName: 'CSV round-robin group',
              algorithm: 'roundrobin',
              serversList: [{ name: 'rcsa' }, { name: 'rcsb' }],
            },
          ],
        },
        'csvrr',
        'data/hr.csv',
      ),
    );
    const idm = idmClient(gateway.url);
    await serversOk(idm, { rcsa: true, rcsb: true });
    expectRoundRobin(await spread(idm));
    expect((await idm.call('POST', `/openidm/system/${SYSTEM}?_action=test`)).body.ok).toBe(true);
  });

  it('spreads queries evenly over two RCSs in client mode (remoteConnectorClientsGroup entry)', async () => {
    const run = prepareRunDir(scratchDir('roundrobin-client'));
    const parent = scratchDir('roundrobin-client-homes');
    const homeA = rcsHome(parent, 'onprem', 'RCSA');
    const homeB = rcsHome(parent, 'onprem2', 'RCSB');
    const { gateway } = await startTestGateway(
      gatewayDirWith(
        {
          remoteConnectorClients: [
            { name: 'onprem', displayName: 'On premise 1', enabled: true, password: 'cl1ent-s3cret' },
            { name: 'onprem2', displayName: 'On premise 2', enabled: true, password: 's3cond-s3cret' },
            {
              type: 'remoteConnectorClientsGroup',
              name: 'onpremrr',
              displayName: 'On premise round-robin group',
              algorithm: 'roundrobin',
              serversList: [{ name: 'onprem' }, { name: 'onprem2' }],
            },
          ],
        },
        'onpremrr',
        'data/hr.csv',
      ),
    );
    const idm = idmClient(gateway.url);
    startClientRcs(run, gateway.url, homeA.home, { name: 'onprem', password: 'cl1ent-s3cret' });
    startClientRcs(run, gateway.url, homeB.home, { name: 'onprem2', password: 's3cond-s3cret' });
    await serversOk(idm, { onprem: true, onprem2: true });
    expectRoundRobin(await spread(idm));
  });
});
