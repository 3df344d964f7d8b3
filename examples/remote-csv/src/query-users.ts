/**
 * Plays IDM's part in the seed's remote CSV example: connect to the connector server the way IDM does with its
 * `provisioner.openicf.connectorinfoprovider.json` (`"host": …, "port": 8759, "useSSL": false, "key": "Passw0rd"`),
 * list the connectors it hosts, resolve the CSV connector from the `connectorRef` of `provisioner.openicf-csvfile.json`,
 * run `test` (IDM's `?_action=test`, which must say `"ok": true`) and read the users of `hr.csv` (what the
 * reconciliation reads).
 *
 * Usage: `pnpm query` (after `pnpm start` in another terminal). Environment: `RCS_URL` (default
 * `ws://localhost:8759/openicf`), `RCS_KEY` (default `Passw0rd`), `CSV_FILE` (default `data/hr.csv`).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConnectorObject, ObjectClass } from '@rcskit/core';
import { ClientEndpoint, connectOpenIcf, RemoteConnectorInfoManager } from '@rcskit/transport';

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const url = process.env.RCS_URL ?? 'ws://localhost:8759/openicf';
const key = process.env.RCS_KEY ?? 'Passw0rd';
const csvFile = resolve(exampleDir, process.env.CSV_FILE ?? 'data/hr.csv');

/** The seed's `connectorRef` (the CSV connector configuration in IDM). */
const connectorRef = {
  bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
  bundleVersion: '[1.5.19.0,1.6.0.0)',
  connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
};

function text(object: ConnectorObject, name: string): string {
  const values = object.getAttributeByName(name)?.value ?? [];
  return values.map(String).join(', ');
}

async function main(): Promise<void> {
  console.log(`Connecting to ${url}`);
  const channel = await connectOpenIcf({ url, key, localEndpoint: new ClientEndpoint() });
  try {
    const manager = await RemoteConnectorInfoManager.load(channel);
    console.log('Connectors hosted by the connector server:');
    for (const info of manager.connectorInfos) {
      const k = info.connectorKey;
      console.log(`  ${k.bundleName} ${k.bundleVersion} ${k.connectorName}`);
    }

    const info = manager.findConnectorInfo(
      connectorRef.bundleName,
      connectorRef.bundleVersion,
      connectorRef.connectorName,
    );
    if (info === undefined) {
      throw new Error(
        `No connector matches ${connectorRef.bundleName} ${connectorRef.bundleVersion} on ${url}`,
      );
    }
    console.log(
      `connectorRef ${connectorRef.bundleVersion} resolves to bundle version ${info.connectorKey.bundleVersion}`,
    );

    const csv = manager.createFacade(info, { configurationProperties: { csvFile } });
    await csv.test();
    console.log(`test: ok (csvFile ${csvFile})`);

    console.log('Users in the CSV file:');
    let count = 0;
    await csv.search(new ObjectClass(ObjectClass.ACCOUNT_NAME), null, (user) => {
      count++;
      const name = `${text(user, 'firstName')} ${text(user, 'lastName')}`;
      console.log(
        `  ${user.uid.uidValue}  ${name}  <${text(user, 'email')}>  employee ${text(user, 'employeeNumber')}`,
      );
      return true;
    });
    console.log(`${count} users`);
  } finally {
    await channel.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
