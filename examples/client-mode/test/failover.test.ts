/**
 * Failover groups with two real `rcs` processes (the seed's "Configure Failover Between RCS Servers").
 *
 * Each RCS has its own home and its own copy of `hr.csv` — the file lives on the RCS host, as in the seed — and the
 * provisioner names it by the relative path `data/hr.csv`, which each RCS resolves in its own working directory:
 * one configuration, two hosts' files. Each copy carries one marker user (`RCSA` / `RCSB`), so every query answer
 * shows which RCS served it. (Real group members front one shared resource; the markers only make the routing
 * visible.)
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareRunDir } from '../src/run-dir.mjs';
import {
  cleanup,
  eventually,
  gatewayDirWith,
  HR_USERS,
  idmClient,
  keyHash,
  type LogLine,
  queryAll,
  rcsHome,
  requireBuilt,
  SERVER_KEY,
  SERVER_KEY_HASH,
  SYSTEM,
  scratchDir,
  servedBy,
  serverEntry,
  serversOk,
  signal,
  startClientRcs,
  startServerRcs,
  startTestGateway,
} from './support.js';

beforeAll(requireBuilt);
afterEach(cleanup);

const MARKERS = ['RCSA', 'RCSB'];

/** The gateway's "retrying on the next server of the group" warnings. */
function retries(logs: readonly LogLine[]): LogLine[] {
  return logs.filter((l) => l.level === 'warn' && l.msg?.includes('retrying on the next server') === true);
}

const accounts = `/openidm/system/${SYSTEM}/account`;

describe('failover group of RCSs in server mode (remoteConnectorServersGroups)', () => {
  it('sends everything to the first RCS; after SIGKILL, between requests and mid-query, the second serves', async () => {
    // The servers' connectorserver.key is what `rcs setkey Passw0rd` writes; the gateway presents Passw0rd.
    expect(keyHash(SERVER_KEY)).toBe(SERVER_KEY_HASH);
    const parent = scratchDir('failover');
    const homeA = rcsHome(parent, 'rcsa', 'RCSA');
    const homeB = rcsHome(parent, 'rcsb', 'RCSB');
    const [rcsA, rcsB] = await Promise.all([
      startServerRcs('rcsa', homeA.home),
      startServerRcs('rcsb', homeB.home),
    ]);
    const { gateway, logs } = await startTestGateway(
      gatewayDirWith(
        {
          remoteConnectorServers: [serverEntry('rcsa', rcsA.port), serverEntry('rcsb', rcsB.port)],
          remoteConnectorServersGroups: [
            {
              name: 'csvha',
              displayName: 'CSV failover group',
              algorithm: 'failover',
              serversList: [{ name: 'rcsa' }, { name: 'rcsb' }],
            },
          ],
        },
        'csvha',
        'data/hr.csv',
      ),
    );
    const idm = idmClient(gateway.url);
    await serversOk(idm, { rcsa: true, rcsb: true });

    // Both up: every call goes to the first member.
    for (let i = 0; i < 4; i++) {
      const result = await queryAll(idm);
      expect(result).toEqual([...HR_USERS, 'RCSA'].sort());
    }
    expect((await idm.call('POST', `/openidm/system/${SYSTEM}?_action=test`)).body.ok).toBe(true);

    // 1. SIGKILL between requests: the very next query succeeds on B (retried there if it met A's dead socket).
    signal(rcsA.process, 'SIGKILL');
    expect(await rcsA.process.exited).toBe('SIGKILL');
    expect(servedBy(await queryAll(idm), MARKERS)).toBe('RCSB');
    await serversOk(idm, { rcsa: false, rcsb: true });
    for (let i = 0; i < 3; i++) expect(servedBy(await queryAll(idm), MARKERS)).toBe('RCSB');
    // Writes go to B too (never retried, so wait for the gateway to know A is gone — done above).
    const created = await idm.call('POST', `${accounts}?_action=create`, {
      body: { uid: 'JDOE', firstName: 'John', lastName: 'Doe', email: 'jdoe@example.com' },
    });
    expect(created.status).toBe(201);
    expect((await idm.call('GET', `${accounts}/JDOE`)).status).toBe(200);
    expect(readFileSync(homeB.csvFile, 'utf8')).toContain('"JDOE"');
    expect(readFileSync(homeA.csvFile, 'utf8')).not.toContain('JDOE');
    expect((await idm.call('POST', `/openidm/system/${SYSTEM}?_action=test`)).body.ok).toBe(true);

    // A comes back on its port: the gateway reconnects, and failover returns to the first member.
    const rcsA2 = await startServerRcs('rcsa (restarted)', homeA.home, rcsA.port);
    await serversOk(idm, { rcsa: true, rcsb: true });
    expect(servedBy(await queryAll(idm), MARKERS)).toBe('RCSA');

    // 2. SIGKILL with a query in flight: A is frozen (SIGSTOP) so the query sent to it stays unanswered, then
    // killed; the broken connection fails the call before any result was handed out, so it is retried on B.
    signal(rcsA2.process, 'SIGSTOP');
    let settled = false;
    const inFlight = idm.call('GET', `${accounts}?_queryFilter=true`).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    signal(rcsA2.process, 'SIGKILL');
    const retriesBefore = retries(logs).length;
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    // The gateway says so: the search failed on rcsa's broken connection and was retried on rcsb.
    expect(retries(logs).slice(retriesBefore)).toEqual([
      expect.objectContaining({ system: SYSTEM, failed: 'rcsa', retry: 'rcsb' }),
    ]);
    expect(
      servedBy(
        answer.body.result.map((o: { _id: string }) => o._id),
        MARKERS,
      ),
    ).toBe('RCSB');
    expect(await rcsA2.process.exited).toBe('SIGKILL');
    expect(rcsB.process.running()).toBe(true);
  });
});

describe('failover group of RCSs in client mode (remoteConnectorClientsGroups)', () => {
  it('uses the first client while it is connected, the second after SIGKILL, the first again when it re-dials', async () => {
    // The example's client-mode properties (from a run directory); a second client entry and a group of both.
    const run = prepareRunDir(scratchDir('client-ha'));
    const parent = scratchDir('client-ha-homes');
    const homeA = rcsHome(parent, 'onprem', 'RCSA');
    const homeB = rcsHome(parent, 'onprem2', 'RCSB');
    const gatewayDir = gatewayDirWith(
      {
        remoteConnectorClients: [
          { name: 'onprem', displayName: 'On premise 1', enabled: true, password: 'cl1ent-s3cret' },
          { name: 'onprem2', displayName: 'On premise 2', enabled: true, password: 's3cond-s3cret' },
        ],
        remoteConnectorClientsGroups: [
          {
            name: 'onpremha',
            displayName: 'On premise failover group',
            algorithm: 'failover',
            serversList: [{ name: 'onprem' }, { name: 'onprem2' }],
          },
        ],
      },
      'onpremha',
      'data/hr.csv',
    );
    const { gateway } = await startTestGateway(gatewayDir);
    const idm = idmClient(gateway.url);
    // Both RCSs run from the example's client-mode properties, each with its own name and password.
    const onprem = { name: 'onprem', password: 'cl1ent-s3cret' };
    const a = startClientRcs(run, gateway.url, homeA.home, onprem);
    const b = startClientRcs(run, gateway.url, homeB.home, { name: 'onprem2', password: 's3cond-s3cret' });
    await serversOk(idm, { onprem: true, onprem2: true });
    for (let i = 0; i < 3; i++) expect(servedBy(await queryAll(idm), MARKERS)).toBe('RCSA');

    signal(a, 'SIGKILL');
    expect(await a.exited).toBe('SIGKILL');
    expect(servedBy(await queryAll(idm), MARKERS)).toBe('RCSB');
    await serversOk(idm, { onprem: false, onprem2: true });
    for (let i = 0; i < 3; i++) expect(servedBy(await queryAll(idm), MARKERS)).toBe('RCSB');

    // IDM cannot dial an RCS in client mode: the first serves again only once it has dialled back in.
    startClientRcs(run, gateway.url, homeA.home, onprem);
    await serversOk(idm, { onprem: true, onprem2: true });
    await eventually(async () => servedBy(await queryAll(idm), MARKERS) === 'RCSA', {
      what: 'failback to onprem',
    });
    expect(b.running()).toBe(true);
  });
});
