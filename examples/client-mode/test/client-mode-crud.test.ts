/**
 * The example as shipped: the gateway (in-process, port 0) with the `remoteConnectorClients` entry `onprem`, and a
 * real `rcs run` in client mode that dials its `/openicf` with principal/password; then the CSV connector through
 * the IDM REST API: test, query, create, read, update, patch, query by filter, live sync, delete.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crudSmoke } from './crud.js';
import {
  cleanup,
  eventually,
  HR_USERS,
  ids,
  queryAll,
  requireBuilt,
  SYSTEM,
  startClientModeExample,
} from './support.js';

beforeAll(requireBuilt);
afterEach(cleanup);

describe('client mode: rcs dials the gateway', () => {
  it('serves CRUD, patch, queries and live sync of hr.csv through the REST API', async () => {
    const { run, rcs, idm } = await startClientModeExample();
    await rcs.waitFor(/"msg":"Mode: client"/);

    // IDM cannot reach an RCS in client mode: the system is ok once the RCS has dialled in.
    const status = await eventually(
      async () => {
        const answer = await idm.call('POST', '/openidm/system?_action=test');
        const csv = (answer.body as any[]).find((s) => s.name === SYSTEM);
        return csv?.ok === true ? csv : false;
      },
      { what: 'system/csv ok' },
    );
    expect(status).toMatchObject({
      name: 'csv',
      enabled: true,
      config: 'config/provisioner.openicf/csv',
      objectTypes: ['__ALL__', 'account'],
      connectorRef: {
        connectorHostRef: 'onprem',
        bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
        bundleVersion: '[1.5.19.0,1.6.0.0)',
        connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
      },
      displayName: 'CSV File Connector',
      ok: true,
    });
    const servers = await idm.call('POST', '/openidm/system?_action=testConnectorServers');
    expect(servers.body.openicf).toEqual([
      expect.objectContaining({
        name: 'onprem',
        type: 'remoteConnectorClient',
        ok: true,
        state: 'connected',
      }),
    ]);
    // The password of the client entry was encrypted at rest by the gateway, and the RCS never logs it.
    const provider = readFileSync(`${run.confDir}/provisioner.openicf.connectorinfoprovider.json`, 'utf8');
    expect(provider).not.toContain('cl1ent-s3cret');
    expect(provider).toContain('$crypto');
    expect(rcs.output()).toContain('"msg":"Connected to IDM"');
    expect(rcs.output()).not.toContain('cl1ent-s3cret');

    expect(await queryAll(idm)).toEqual([...HR_USERS]);
    await crudSmoke(idm, run.csvFile);

    // Live sync: the first run records the connector's latest token and reports nothing.
    const source = `source=system/${SYSTEM}/account`;
    const first = await idm.call('POST', `/openidm/system?_action=liveSync&${source}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      _id: 'SYSTEMCSVACCOUNT',
      connectorData: { nativeType: 'JAVA_TYPE_LONG', syncToken: expect.any(Number) },
      changes: [],
    });
    // A change made on the RCS host (a line appended to hr.csv by another application) …
    appendFileSync(run.csvFile, '"Sam", "SSMITH", "Smith", "ssmith@example.com", "456789"\n');
    // … and one made through IDM (a patch)
    const patched = await idm.call('PATCH', `/openidm/system/${SYSTEM}/account/SCARTER`, {
      body: [{ operation: 'replace', field: 'email', value: 'steven.carter@example.com' }],
    });
    expect(patched.status).toBe(200);
    // … are what the second run reports, from the recorded token.
    const second = await idm.call('POST', `/openidm/system?_action=liveSync&${source}`);
    expect(second.status).toBe(200);
    expect(second.body.connectorData.syncToken).toBeGreaterThan(first.body.connectorData.syncToken);
    const changes = [...second.body.changes].sort((a: any, b: any) =>
      a.resourceId.localeCompare(b.resourceId),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        deltaType: 'UPDATE',
        objectType: 'account',
        resourceContainer: 'system/csv/account',
        resourceId: 'SCARTER',
        syncToken: first.body.connectorData.syncToken,
        newValue: expect.objectContaining({ email: 'steven.carter@example.com' }),
      }),
      expect.objectContaining({
        deltaType: 'CREATE',
        resourceId: 'SSMITH',
        newValue: expect.objectContaining({ _id: 'SSMITH', lastName: 'Smith' }),
      }),
    ]);
    // Nothing changed since: a third run reports nothing and keeps the token.
    const third = await idm.call('POST', `/openidm/system?_action=liveSync&${source}`);
    expect(third.body.changes).toEqual([]);
    expect(third.body.connectorData.syncToken).toBe(second.body.connectorData.syncToken);

    expect(ids(await idm.call('GET', `/openidm/system/${SYSTEM}/account?_queryFilter=true`))).toEqual([
      ...HR_USERS,
      'SSMITH',
    ]);

    // SIGTERM: the RCS leaves cleanly, and the gateway reports the system unavailable.
    expect(await rcs.stop('SIGTERM')).toBe(0);
    await eventually(
      async () =>
        (await idm.call('GET', `/openidm/system/${SYSTEM}/account?_queryFilter=true`)).status === 503,
      { what: '503 once the rcs is gone' },
    );
    const down = await idm.call('POST', `/openidm/system/${SYSTEM}?_action=test`);
    expect(down.body).toMatchObject({ ok: false, error: 'connector not available' });
  });
});
