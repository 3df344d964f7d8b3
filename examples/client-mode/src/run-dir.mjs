/**
 * The example's templates and where they go when it runs: `start.mjs` and the tests copy `conf/` (the gateway's,
 * i.e. IDM's), `rcs/conf/ConnectorServer.properties` (the RCS's) and `data/hr.csv` into a run directory, so the
 * gateway — which rewrites the connector-info provider on start to encrypt the client's password — never touches
 * the checked-in files.
 *
 * ```
 * <run>/gateway/conf/   provisioner.openicf.connectorinfoprovider.json, provisioner.openicf-csv.json
 * <run>/gateway/        security/, state/ (made by the gateway)
 * <run>/rcs/conf/       ConnectorServer.properties
 * <run>/rcs/data/       hr.csv (the CSV file lives on the RCS host, as in the seed)
 * ```
 *
 * @module
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `examples/client-mode`. */
export const EXAMPLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root. */
export const WORKSPACE_DIR = resolve(EXAMPLE_DIR, '..', '..');
/** The only bundle directory the example's RCSs load: the workspace's CSV connector. */
export const CSV_BUNDLE_DIR = join(WORKSPACE_DIR, 'connectors', 'csv');

const require = createRequire(import.meta.url);
/** `rcs` (the connector server's command line, `@rcskit/server`'s `dist/cli.js`). */
export const RCS_CLI = join(dirname(require.resolve('@rcskit/server/package.json')), 'dist', 'cli.js');
/** `rcs-gateway` (`@rcskit/gateway`'s `dist/cli.js`). */
export const GATEWAY_CLI = join(dirname(require.resolve('@rcskit/gateway/package.json')), 'dist', 'cli.js');

/** The placeholder of `csvFile` in `conf/provisioner.openicf-csv.json` (IDM's `&{…}` property syntax). */
export const RCS_HOME_PLACEHOLDER = '&{rcs.home}';

/** The name of the CSV system (`/openidm/system/csv`). */
export const SYSTEM = 'csv';

/** The user and password of the gateway's REST API (created on first start, as IDM's). */
export const ADMIN = Object.freeze({ username: 'openidm-admin', password: 'openidm-admin' });

/**
 * The clear key IDM presents to an RCS in server mode (the seed's `Passw0rd`), and its hash as `rcs setkey`
 * stores it in `connectorserver.key`.
 */
export const SERVER_KEY = 'Passw0rd';
export const SERVER_KEY_HASH = 'xOS4IeeE6eb/AhMbhxZEC37PgtE=';

/**
 * @typedef {object} RunDir
 * @property {string} dir           the run directory
 * @property {string} gatewayDir    `--dir` of the gateway
 * @property {string} confDir       the gateway's `conf/`
 * @property {string} rcsHome       the RCS home (`/path/to/openicf`)
 * @property {string} properties    the RCS's `ConnectorServer.properties`
 * @property {string} csvFile       the RCS's `hr.csv`
 */

/** Reads a JSON template of `conf/`. */
export function readTemplate(/** @type {string} */ name) {
  return /** @type {Record<string, any>} */ (
    JSON.parse(readFileSync(join(EXAMPLE_DIR, 'conf', name), 'utf8'))
  );
}

/** Writes a gateway configuration file (IDM's 4-space JSON). */
export function writeConf(
  /** @type {string} */ confDir,
  /** @type {string} */ name,
  /** @type {unknown} */ json,
) {
  mkdirSync(confDir, { recursive: true });
  writeFileSync(join(confDir, name), `${JSON.stringify(json, null, 4)}\n`);
}

/**
 * Copies the templates and `hr.csv` into `dir` (created as needed; existing files are replaced), with the
 * provisioner's `csvFile` pointing at the copy of `hr.csv`.
 *
 * @param {string} dir
 * @returns {RunDir}
 */
export function prepareRunDir(dir) {
  const gatewayDir = join(dir, 'gateway');
  const confDir = join(gatewayDir, 'conf');
  const rcsHome = join(dir, 'rcs');
  const properties = join(rcsHome, 'conf', 'ConnectorServer.properties');
  const csvFile = join(rcsHome, 'data', 'hr.csv');
  mkdirSync(join(rcsHome, 'conf'), { recursive: true });
  mkdirSync(join(rcsHome, 'data'), { recursive: true });
  copyFileSync(join(EXAMPLE_DIR, 'rcs', 'conf', 'ConnectorServer.properties'), properties);
  copyFileSync(join(EXAMPLE_DIR, 'data', 'hr.csv'), csvFile);

  writeConf(
    confDir,
    'provisioner.openicf.connectorinfoprovider.json',
    readTemplate('provisioner.openicf.connectorinfoprovider.json'),
  );
  const csv = readTemplate('provisioner.openicf-csv.json');
  csv.configurationProperties.csvFile = String(csv.configurationProperties.csvFile).replace(
    RCS_HOME_PLACEHOLDER,
    rcsHome,
  );
  writeConf(confDir, 'provisioner.openicf-csv.json', csv);
  return { dir, gatewayDir, confDir, rcsHome, properties, csvFile };
}

/**
 * The arguments of `rcs run` in client mode for a run directory: the copied properties, with the gateway's URL
 * and the absolute bundle directory given on the command line (`-D` overrides win over the file).
 *
 * @param {RunDir} run
 * @param {string} gatewayUrl  `http://host:port` of the gateway
 * @param {readonly string[]} [extra]  more `-D` overrides
 */
export function clientModeArgs(run, gatewayUrl, extra = []) {
  return [
    'run',
    '--properties',
    run.properties,
    `-Dconnectorserver.url=${gatewayUrl.replace(/^http/, 'ws')}/openicf`,
    `-Dconnectorserver.bundleDir=${CSV_BUNDLE_DIR}`,
    ...extra,
  ];
}
