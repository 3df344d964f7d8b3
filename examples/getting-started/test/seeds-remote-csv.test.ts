/**
 * The PingIDM 7.2 "Remote connectors" seed against the started example: the remote CSV example's `_action=test`
 * and the three users of hr.csv through the RCS, CRUD, patch and live sync on them, the connector-server REST
 * calls (types, core configurations, the PUTs of the connector-info provider), secrets at rest, and a clean stop.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, exited, fixture, type RunningExample, startExampleProcess } from './support/example.js';

const systemTest = fixture('remote-csv.system-test.json');
const hr = fixture('hr-accounts.json');
const servers = fixture('connector-servers.json');

const ACCOUNTS = '/openidm/system/csv/account';

let example: RunningExample;

beforeAll(async () => {
  example = await startExampleProcess();
}, 90_000);

afterAll(async () => {
  await example?.dispose();
});

describe('the example starts', () => {
  it('reports every system ok once ready', () => {
    expect(example.ready).toBe(true);
    expect(example.systems.map((s) => [s.name, s.ok])).toEqual([
      ['csv', true],
      ['groovy', true],
    ]);
  });

  it('keeps the repository clean: hr.csv is copied into the runtime directory, byte for byte', async () => {
    const shipped = await readFile(join(EXAMPLE_DIR, 'data', 'hr.csv'));
    expect((await readFile(join(example.runDir, 'data', 'hr.csv'))).equals(shipped)).toBe(true);
  });
});

describe("the remote CSV example's test action (step 5)", () => {
  it('lists csv with "ok": true in the shape the seed prints', async () => {
    const { method, path, headers } = systemTest.request;
    const { status, body } = await example.call(method, path, { headers });
    expect(status).toBe(200);
    const csv = body.find((s: { name: string }) => s.name === 'csv');
    const expected = systemTest.response[0];
    expect(Object.keys(csv)).toEqual(Object.keys(expected));
    expect(csv).toEqual({
      ...expected,
      connectorRef: {
        ...expected.connectorRef,
        connectorHostRef: 'csv',
        bundleVersion: systemTest.configuredBundleVersion,
      },
    });
  });

  it('answers for one system with {"id": "csv"}', async () => {
    const { status, body } = await example.call('POST', '/openidm/system?_action=test', {
      body: { id: 'csv' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'csv', ok: true });
  });
});

describe('the users of the remote hr.csv', () => {
  it('a query returns the three users a reconciliation reads', async () => {
    const { status, body } = await example.call('GET', `${ACCOUNTS}?_queryFilter=true`);
    expect(status).toBe(200);
    expect(body.result).toEqual(hr.accounts);
    expect(body.resultCount).toBe(3);
    expect(body.pagedResultsCookie).toBeNull();
  });

  it('reads one by id, and filters, sorts and pages', async () => {
    expect((await example.call('GET', `${ACCOUNTS}/BJENSEN`)).body).toEqual(hr.accounts[0]);
    const filtered = await example.call(
      'GET',
      `${ACCOUNTS}?_queryFilter=${encodeURIComponent('lastName sw "S"')}`,
    );
    expect(filtered.body.result.map((a: { _id: string }) => a._id)).toEqual(['JSANCHEZ']);
    const sorted = await example.call('GET', `${ACCOUNTS}?_queryFilter=true&_sortKeys=-lastName&_fields=uid`);
    expect(sorted.body.result).toEqual([
      { _id: 'JSANCHEZ', uid: 'JSANCHEZ' },
      { _id: 'BJENSEN', uid: 'BJENSEN' },
      { _id: 'SCARTER', uid: 'SCARTER' },
    ]);
    const first = await example.call('GET', `${ACCOUNTS}?_queryFilter=true&_pageSize=2&_sortKeys=uid`);
    expect(first.body.result.map((a: { _id: string }) => a._id)).toEqual(['BJENSEN', 'JSANCHEZ']);
    expect(first.body.pagedResultsCookie).toEqual(expect.any(String));
    const second = await example.call(
      'GET',
      `${ACCOUNTS}?_queryFilter=true&_pageSize=2&_sortKeys=uid&_pagedResultsCookie=${encodeURIComponent(first.body.pagedResultsCookie)}`,
    );
    expect(second.body.result.map((a: { _id: string }) => a._id)).toEqual(['SCARTER']);
    expect(second.body.pagedResultsCookie).toBeNull();
  });

  it('a missing user is a 404', async () => {
    const { status, body } = await example.call('GET', `${ACCOUNTS}/NOBODY`);
    expect(status).toBe(404);
    expect(body).toEqual({
      code: 404,
      reason: 'Not Found',
      message: 'Object NOBODY not found on system/csv/account',
    });
  });
});

describe('create, update, patch, delete and live sync through the RCS', () => {
  const changesOf = (body: any) =>
    body.changes.map((c: { deltaType: string; resourceId: string }) => [c.deltaType, c.resourceId]);

  it('the first live sync stores the latest token and reports nothing', async () => {
    const { status, body } = await example.call('POST', `${ACCOUNTS}?_action=liveSync`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      _id: 'SYSTEMCSVACCOUNT',
      connectorData: { nativeType: 'JAVA_TYPE_LONG', syncToken: expect.any(Number) },
      changes: [],
    });
  });

  it('creates a user (201, Location) and live sync reports it', async () => {
    const created = await example.call('POST', ACCOUNTS, { body: hr.newAccount });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${ACCOUNTS}/JDOE`);
    expect(created.body).toEqual({ _id: 'JDOE', ...hr.newAccount });

    const sync = await example.call('POST', `${ACCOUNTS}?_action=liveSync`);
    expect(changesOf(sync.body)).toEqual([['CREATE', 'JDOE']]);
    expect(sync.body.changes[0].newValue).toEqual({ _id: 'JDOE', ...hr.newAccount });
  });

  it('replaces and patches it; live sync reports the update', async () => {
    const replaced = await example.call('PUT', `${ACCOUNTS}/JDOE`, {
      body: { ...hr.newAccount, firstName: 'Johnny' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.firstName).toBe('Johnny');

    const patched = await example.call('PATCH', `${ACCOUNTS}/JDOE`, {
      body: [
        { operation: 'replace', field: '/email', value: 'john.doe@example.com' },
        { operation: 'remove', field: '/employeeNumber' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      _id: 'JDOE',
      uid: 'JDOE',
      firstName: 'Johnny',
      lastName: 'Doe',
      email: 'john.doe@example.com',
    });

    // Through the other live-sync route, IDM's /openidm/system?_action=liveSync&source=….
    const sync = await example.call('POST', '/openidm/system?_action=liveSync&source=system/csv/account');
    expect(changesOf(sync.body)).toEqual([['UPDATE', 'JDOE']]);
    expect(sync.body.changes[0].newValue.email).toBe('john.doe@example.com');
  });

  it('a create of an existing uid is refused', async () => {
    const { status, body } = await example.call('POST', ACCOUNTS, { body: hr.newAccount });
    expect(status).toBe(412);
    expect(body.message).toMatch(/JDOE already exists/);
  });

  it('deletes it; live sync reports the delete and hr.csv holds the three users again', async () => {
    const deleted = await example.call('DELETE', `${ACCOUNTS}/JDOE`);
    expect(deleted.status).toBe(200);
    expect(deleted.body._id).toBe('JDOE');
    expect((await example.call('GET', `${ACCOUNTS}/JDOE`)).status).toBe(404);

    const sync = await example.call('POST', `${ACCOUNTS}?_action=liveSync`);
    expect(changesOf(sync.body)).toEqual([['DELETE', 'JDOE']]);

    const { body } = await example.call('GET', `${ACCOUNTS}?_queryFilter=true`);
    expect(body.result).toEqual(hr.accounts);
    const csv = await readFile(join(example.runDir, 'data', 'hr.csv'), 'utf8');
    expect(csv).not.toContain('JDOE');
  });
});

describe('connector servers over REST', () => {
  it('availableConnectorServers lists the four RCS types', async () => {
    const { method, path } = servers.availableConnectorServers.request;
    const { status, body } = await example.call(method, path);
    expect(status).toBe(200);
    expect(body).toEqual(servers.availableConnectorServers.response);
  });

  for (const { title, request, response } of servers.coreConfigs) {
    it(`createConnectorServerCoreConfig: ${title}`, async () => {
      const { status, body } = await example.call(request.method, request.path, { body: request.body });
      expect(status).toBe(200);
      expect(body).toEqual(response);
    });
  }

  it('the connector servers of the example are stored with their keys encrypted', async () => {
    const file = join(example.runDir, 'gateway', 'conf', 'provisioner.openicf.connectorinfoprovider.json');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('Passw0rd');
    const { status, body } = await example.call(
      'GET',
      '/openidm/config/provisioner.openicf.connectorinfoprovider',
    );
    expect(status).toBe(200);
    expect(body.remoteConnectorServers.map((s: { name: string }) => s.name)).toEqual(['csv', 'rcs']);
    for (const server of body.remoteConnectorServers) {
      expect(server.key.$crypto.type).toBe('x-simple-encryption');
    }
  });

  describe("the seed's PUTs of provisioner.openicf.connectorinfoprovider", () => {
    let original: Record<string, unknown>;

    beforeAll(async () => {
      original = (await example.call('GET', '/openidm/config/provisioner.openicf.connectorinfoprovider'))
        .body;
    });

    for (const { title, request, response, keyEncrypted } of servers.puts) {
      it(title, async () => {
        const { status, body } = await example.call(request.method, request.path, { body: request.body });
        expect(status).toBe(200);
        const encrypted = new Set<string>(keyEncrypted ?? []);
        const expected = structuredClone(response);
        for (const where of encrypted) {
          const [section, index] = where.split('/') as [string, string];
          const entry = body[section][Number(index)];
          expect(entry.key.$crypto).toMatchObject({ type: 'x-simple-encryption', value: expect.any(Object) });
          expect(JSON.stringify(entry.key)).not.toContain('Passw0rd');
          expected[section][Number(index)].key = entry.key;
        }
        expect(body).toEqual(expected);
      });
    }

    it('without the csv server the csv system is unavailable; restoring the configuration brings it back', async () => {
      const down = await example.call('POST', '/openidm/system/csv?_action=test');
      expect(down.body).toMatchObject({ name: 'csv', ok: false, error: 'connector not available' });

      const put = await example.call('PUT', '/openidm/config/provisioner.openicf.connectorinfoprovider', {
        body: original,
      });
      expect(put.status).toBe(200);
      const until = Date.now() + 20_000;
      let body: any;
      do {
        await new Promise((resolve) => setTimeout(resolve, 200));
        body = (await example.call('POST', '/openidm/system/csv?_action=test')).body;
      } while (!body.ok && Date.now() < until);
      expect(body).toMatchObject({ name: 'csv', ok: true });
      expect((await example.call('GET', `${ACCOUNTS}?_queryFilter=true`)).body.resultCount).toBe(3);
    });
  });
});

describe('stopping', () => {
  it('CTRL+C (SIGINT) stops the gateway, then the connector server; both exit cleanly', async () => {
    const code = await example.stop('SIGINT');
    expect(code).toBe(0);
    expect(await exited(example.rcsPid)).toBe(true);
    expect(example.output()).toMatch(/stopped \(connector server exit code 0\)/);
    await expect(
      fetch(`${example.gatewayUrl}/openidm/system?_action=test`, { method: 'POST' }),
    ).rejects.toThrow();
  });
});
