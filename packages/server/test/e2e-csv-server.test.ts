/**
 * End to end, server mode: the real `rcs` binary (`node dist/cli.js run`) starts from the remote-csv example's
 * `conf/ConnectorServer.properties` (port moved by a -D override) and hosts the workspace's CSV bundle; the
 * seed's remote CSV example is replayed through transport's remote facade (key `Passw0rd`, the seed's connectorRef,
 * `csvFile` = a copy of hr.csv), every CSV operation runs over the wire, and SIGTERM stops the process with exit 0.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttributeBuilder,
  type ConnectorObject,
  FilterBuilder,
  GuardedString,
  InvalidPasswordException,
  Name,
  ObjectClass,
  type SyncDelta,
  type SyncToken,
  Uid,
} from '@rcskit/core';
import {
  ClientEndpoint,
  computeKeyHash,
  connectOpenIcf,
  type PeerChannel,
  type RemoteConnectorFacade,
  RemoteConnectorInfoManager,
} from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureCliBuilt,
  FIXTURES,
  freePort,
  type RcsProcess,
  scratchDir,
  startRcs,
  WORKSPACE,
} from './fixtures/support.js';

const ACCOUNT = new ObjectClass(ObjectClass.ACCOUNT_NAME);
const EXAMPLE = join(WORKSPACE, 'examples', 'remote-csv');
const PROPERTIES = join(EXAMPLE, 'conf', 'ConnectorServer.properties');
const CONNECTOR_REF = {
  bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
  bundleVersion: '[1.5.19.0,1.6.0.0)',
  connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
};

function value(object: ConnectorObject, name: string): unknown {
  return object.getAttributeByName(name)?.value?.[0];
}

async function searchAll(
  facade: RemoteConnectorFacade,
  filter: Parameters<RemoteConnectorFacade['search']>[1] = null,
) {
  const found: ConnectorObject[] = [];
  await facade.search(ACCOUNT, filter, (object) => {
    found.push(object);
    return true;
  });
  return found;
}

async function syncFrom(facade: RemoteConnectorFacade, token: SyncToken) {
  const deltas: SyncDelta[] = [];
  const next = await facade.sync(ACCOUNT, token, (delta) => {
    deltas.push(delta);
    return true;
  });
  return { deltas, next };
}

describe('rcs run, server mode, with the CSV bundle', () => {
  const home = scratchDir('e2e-server');
  let rcs: RcsProcess;
  let channel: PeerChannel;
  let manager: RemoteConnectorInfoManager;
  let port: number;

  beforeAll(async () => {
    ensureCliBuilt();
    mkdirSync(join(home.dir, 'data'));
    copyFileSync(join(EXAMPLE, 'data', 'hr.csv'), join(home.dir, 'data', 'hr.csv'));
    copyFileSync(
      join(FIXTURES, 'csv', 'hr-with-passwords.csv'),
      join(home.dir, 'data', 'hr-with-passwords.csv'),
    );
    port = await freePort();
    // The example's own properties file: port 8759, the hash of Passw0rd, bundleDir ../../connectors, a CSV pin.
    rcs = startRcs([
      'run',
      '--properties',
      PROPERTIES,
      `-Dconnectorserver.port=${port}`,
      '-Dconnectorserver.ifaddress=127.0.0.1',
      '-Dconnectorserver.logFormat=json',
    ]);
    await rcs.waitFor(/Connector server listening on/);
    channel = await connectOpenIcf({
      url: `ws://127.0.0.1:${port}/openicf`,
      key: 'Passw0rd',
      localEndpoint: new ClientEndpoint(),
    });
    manager = await RemoteConnectorInfoManager.load(channel);
  }, 90_000);

  afterAll(async () => {
    await channel?.close();
    await rcs?.stop('SIGKILL');
    home.remove();
  });

  function csvFacade(file = 'hr.csv') {
    const info = manager.findConnectorInfo(
      CONNECTOR_REF.bundleName,
      CONNECTOR_REF.bundleVersion,
      CONNECTOR_REF.connectorName,
    );
    expect(info).toBeDefined();
    return manager.createFacade(info!, {
      configurationProperties: { csvFile: join(home.dir, 'data', file) },
    });
  }

  it('logs the banner: version, properties, mode, the CSV bundle, the port from the -D override', () => {
    const output = rcs.output();
    expect(output).toContain('"msg":"rcskit connector server 0.1.0 starting"');
    expect(output).toContain(`"msg":"Using properties ${PROPERTIES}"`);
    expect(output).toContain(`"bundleDirs":["${join(WORKSPACE, 'connectors')}"]`);
    expect(output).toContain('"pins":["csv"]');
    expect(output).toContain(
      '"msg":"Bundle loaded: org.forgerock.openicf.connectors.csvfile-connector 1.5.20 (1 connector)"',
    );
    expect(output).toContain(`"msg":"Connector server listening on ws://127.0.0.1:${port}/openicf"`);
    expect(output).not.toContain(computeKeyHash('Passw0rd'));
  });

  it('advertises the CSV connector under the seed connectorRef range', () => {
    const keys = manager.connectorInfos.map((i) => i.connectorKey);
    expect(keys.map((k) => `${k.bundleName} ${k.bundleVersion} ${k.connectorName}`)).toContain(
      'org.forgerock.openicf.connectors.csvfile-connector 1.5.20 org.forgerock.openicf.csvfile.CSVFileConnector',
    );
  });

  it('schema, test and validate', async () => {
    const facade = csvFacade();
    const schema = await facade.schema();
    const account = schema?.findObjectClassInfo(ObjectClass.ACCOUNT_NAME);
    expect([...(account?.attributeInfos ?? [])].map((a) => a.name)).toEqual(
      expect.arrayContaining(['__NAME__', 'firstName', 'lastName', 'email', 'employeeNumber']),
    );
    await facade.test();
    await facade.validate();
  });

  it('searches hr.csv: the three users of the seed, and with a filter', async () => {
    const facade = csvFacade();
    const users = await searchAll(facade);
    expect(
      users.map((u) => [u.uid.uidValue, value(u, 'firstName'), value(u, 'lastName'), value(u, 'email')]),
    ).toEqual([
      ['BJENSEN', 'Barbara', 'Jensen', 'bjensen@example.com'],
      ['JSANCHEZ', 'Jane', 'Sanchez', 'jsanchez@example.com'],
      ['SCARTER', 'Steven', 'Carter', 'scarter@example.com'],
    ]);
    const carter = await searchAll(facade, FilterBuilder.equalTo('lastName', 'Carter'));
    expect(carter.map((u) => u.uid.uidValue)).toEqual(['SCARTER']);
    const got = await facade.getObject(ACCOUNT, new Uid('JSANCHEZ'));
    expect(value(got!, 'employeeNumber')).toBe('234567');
  });

  it('create → search → update → sync → delete round trip', async () => {
    const facade = csvFacade();
    const start = await facade.getLatestSyncToken(ACCOUNT);
    expect(start).not.toBeNull();

    const uid = await facade.create(ACCOUNT, [
      new Name('JDOE'),
      AttributeBuilder.build('firstName', 'John'),
      AttributeBuilder.build('lastName', 'Doe'),
      AttributeBuilder.build('email', 'jdoe@example.com'),
      AttributeBuilder.build('employeeNumber', '999999'),
    ]);
    expect(uid?.uidValue).toBe('JDOE');
    expect((await searchAll(facade)).map((u) => u.uid.uidValue)).toContain('JDOE');

    await facade.update(ACCOUNT, uid!, [AttributeBuilder.build('email', 'john.doe@example.com')]);
    const updated = await facade.getObject(ACCOUNT, uid!);
    expect(value(updated!, 'email')).toBe('john.doe@example.com');

    const afterCreate = await syncFrom(facade, start!);
    expect(afterCreate.deltas.map((d) => d.uid.uidValue)).toEqual(['JDOE']);
    expect(['CREATE', 'CREATE_OR_UPDATE']).toContain(afterCreate.deltas[0]?.deltaType);
    expect(value(afterCreate.deltas[0]!.object!, 'email')).toBe('john.doe@example.com');

    await facade.delete(ACCOUNT, uid!);
    expect((await searchAll(facade)).map((u) => u.uid.uidValue)).toEqual(['BJENSEN', 'JSANCHEZ', 'SCARTER']);
    const afterDelete = await syncFrom(facade, afterCreate.next ?? start!);
    expect(afterDelete.deltas.map((d) => [d.deltaType, d.uid.uidValue])).toEqual([['DELETE', 'JDOE']]);
    expect(readFileSync(join(home.dir, 'data', 'hr.csv'), 'utf8')).not.toContain('JDOE');
  });

  it('authenticates against a copy of hr.csv with a password column', async () => {
    const facade = csvFacade('hr-with-passwords.csv');
    const uid = await facade.authenticate(ACCOUNT, 'BJENSEN', new GuardedString('Passw0rd!'));
    expect(uid?.uidValue).toBe('BJENSEN');
    await expect(facade.authenticate(ACCOUNT, 'JSANCHEZ', new GuardedString('wrong'))).rejects.toBeInstanceOf(
      InvalidPasswordException,
    );
    expect((await facade.resolveUsername(ACCOUNT, 'SCARTER'))?.uidValue).toBe('SCARTER');
  });

  it('stops on SIGTERM with exit code 0 after closing the sockets', async () => {
    const closed = new Promise<void>((resolve) => channel.onClose(() => resolve()));
    const code = await rcs.stop('SIGTERM');
    expect(code).toBe(0);
    await closed;
    expect(rcs.output()).toContain('"msg":"Connector server stopped"');
  });
});
