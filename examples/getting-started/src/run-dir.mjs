// @ts-check
/**
 * The runtime directory of the example (default `.run/`, ignored by git): what the gateway and the connector
 * server work on, so that the repository stays as checked out.
 *
 * ```
 * .run/gateway/conf/      provisioner.openicf.connectorinfoprovider.json, provisioner.openicf-csv.json (from
 *                         conf.template/), provisioner.openicf-groovy.json (from examples/scim-json/conf/),
 *                         users.json (the gateway creates openidm-admin on first start)
 * .run/gateway/security/  keystore.json: the key of the $crypto envelopes (the gateway creates it)
 * .run/gateway/state/     live-sync tokens
 * .run/data/hr.csv        byte copy of data/hr.csv, the CSV connector's file (and its sync snapshots)
 * ```
 *
 * Files are only created when missing: the gateway rewrites its configuration (secrets encrypted at rest, REST
 * PUTs), the CSV connector rewrites hr.csv, and a restart keeps both. `--reset` starts again from the templates.
 */
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** examples/getting-started */
export const EXAMPLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** examples/scim-json: the scripted connector's scripts, data and provisioner. */
export const SCIM_JSON_DIR = resolve(EXAMPLE_DIR, '..', 'scim-json');
/** Default runtime directory. */
export const DEFAULT_RUN_DIR = join(EXAMPLE_DIR, '.run');

const TEMPLATE_DIR = join(EXAMPLE_DIR, 'conf.template');
const SCIM_JSON_PROVISIONER = join(SCIM_JSON_DIR, 'conf', 'provisioner.openicf-groovy.json');
const CONNECTOR_INFO_PROVIDER = 'provisioner.openicf.connectorinfoprovider.json';
/** Marks a directory this module made, so that `--reset` never removes anything else. */
const MARKER = '.rcskit-getting-started';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * @typedef {object} RunDir
 * @property {string} dir          the runtime directory
 * @property {string} gatewayDir   the gateway's directory (conf/, security/, state/)
 * @property {string} dataDir      the CSV connector's directory
 * @property {string} csvFile      data/hr.csv in it
 * @property {string[]} created    what was created now (relative to dir)
 * @property {string[]} warnings   what could not be prepared
 */

/** @param {string} path */
async function exists(path) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replaces the `&{name}` placeholders of every string in a JSON value (IDM's property-substitution syntax).
 * @param {unknown} value
 * @param {Record<string, string>} properties
 * @returns {unknown}
 */
function substitute(value, properties) {
  if (typeof value === 'string') {
    return value.replace(/&\{([^}]+)\}/g, (whole, name) => properties[name] ?? whole);
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, properties));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, properties)]));
  }
  return value;
}

/**
 * Writes a JSON configuration file the way the gateway does: 0600, replaced atomically.
 * @param {string} file
 * @param {unknown} json
 */
async function writeJson(file, json) {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(json, null, 4)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/**
 * Creates what is missing in the runtime directory; with `reset`, removes it first.
 * @param {{ dir?: string, reset?: boolean }} [options]
 * @returns {Promise<RunDir>}
 */
export async function prepareRunDir(options = {}) {
  const dir = resolve(options.dir ?? DEFAULT_RUN_DIR);
  if (options.reset && (await exists(dir))) {
    if (!(await exists(join(dir, MARKER)))) {
      throw new Error(`--reset: ${dir} was not made by this example (no ${MARKER} in it); remove it by hand`);
    }
    await rm(dir, { recursive: true, force: true });
  }
  const gatewayDir = join(dir, 'gateway');
  const confDir = join(gatewayDir, 'conf');
  const dataDir = join(dir, 'data');
  await mkdir(confDir, { recursive: true, mode: 0o700 });
  await mkdir(dataDir, { recursive: true });
  if (!(await exists(join(dir, MARKER)))) {
    await writeFile(join(dir, MARKER), 'Runtime directory of examples/getting-started (safe to delete).\n');
  }

  /** @type {string[]} */
  const created = [];
  /** @type {string[]} */
  const warnings = [];
  const properties = { 'run.dir': dir, 'scim-json.dir': SCIM_JSON_DIR };

  for (const name of (await readdir(TEMPLATE_DIR)).filter((n) => n.endsWith('.json')).sort()) {
    const target = join(confDir, name);
    if (await exists(target)) continue;
    const template = JSON.parse(await readFile(join(TEMPLATE_DIR, name), 'utf8'));
    await writeJson(target, substitute(template, properties));
    created.push(`gateway/conf/${name}`);
  }

  // The scripted connection is the scim-json example's own provisioner; its scriptRoots are relative to that
  // example's directory (where its `rcs` runs), so they are made absolute for this connector server.
  const groovy = join(confDir, 'provisioner.openicf-groovy.json');
  if (!(await exists(groovy))) {
    if (await exists(SCIM_JSON_PROVISIONER)) {
      const json = JSON.parse(await readFile(SCIM_JSON_PROVISIONER, 'utf8'));
      const props = json.configurationProperties ?? {};
      if (Array.isArray(props.scriptRoots)) {
        props.scriptRoots = props.scriptRoots.map((/** @type {string} */ root) =>
          isAbsolute(root) || /^[a-z][a-z0-9+.-]*:/i.test(root) ? root : resolve(SCIM_JSON_DIR, root),
        );
      }
      await writeJson(groovy, json);
      created.push('gateway/conf/provisioner.openicf-groovy.json');
    } else {
      warnings.push(
        `${SCIM_JSON_PROVISIONER} is missing: the scripted connection (groovy) is not configured`,
      );
    }
  }

  const csvFile = join(dataDir, 'hr.csv');
  if (!(await exists(csvFile))) {
    await copyFile(join(EXAMPLE_DIR, 'data', 'hr.csv'), csvFile);
    // The connector rewrites the file (the shipped copy may be read-only, e.g. after a read-only checkout).
    await chmod(csvFile, 0o644);
    created.push('data/hr.csv');
  }
  return { dir, gatewayDir, dataDir, csvFile, created, warnings };
}

/**
 * Points the connector-info provider's entries for this host at the connector server's actual port (the
 * templates say 8759; `--rcs-port` and tests choose others). Other entries and every other field (the keys,
 * encrypted by the gateway) are left alone; the file is rewritten only when something changes.
 * @param {string} gatewayDir
 * @param {number} port
 * @returns {Promise<boolean>} whether the file changed
 */
export async function pointConnectorServersAt(gatewayDir, port) {
  const file = join(gatewayDir, 'conf', CONNECTOR_INFO_PROVIDER);
  if (!(await exists(file))) return false;
  const json = JSON.parse(await readFile(file, 'utf8'));
  let changed = false;
  for (const entry of Array.isArray(json.remoteConnectorServers) ? json.remoteConnectorServers : []) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
    if (typeof entry.host !== 'string' || !LOCAL_HOSTS.has(entry.host.toLowerCase())) continue;
    if (entry.type !== undefined && entry.type !== 'remoteConnectorServer') continue;
    if (entry.port !== port) {
      entry.port = port;
      changed = true;
    }
  }
  if (changed) await writeJson(file, json);
  return changed;
}
