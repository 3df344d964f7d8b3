/**
 * The bundle manifest: a connector bundle is an npm package whose `package.json` carries
 *
 * ```json
 * "rcskit": { "bundle": {
 *   "bundleName": "org.example.connectors.x",   // optional, default: the npm name
 *   "bundleVersion": "{major}.{minor}.20.{patch}", // optional: a template filled from the npm version, or a
 *                                                  // literal; default: the npm version in OpenICF syntax
 *   "framework": "^0.1.0",                      // optional: range over @rcskit/core's version; default: the
 *                                               // package's (peer)dependency range on @rcskit/core
 *   "connectors": [ { "connectorName": "org.example.XConnector", "export": "xConnector" } ]
 * } }
 * ```
 *
 * `export` names an export of the package's main entry that is a core `ConnectorClass` (`defineConnector`).
 * How `bundleVersion` and `framework` follow releases: `versions.ts` and docs/bundles.md#versions-follow-releases.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BundleError } from './bundle-error.js';
import { bundleVersionFor, frameworkRangeOf } from './versions.js';

export { BundleError } from './bundle-error.js';
export { toOpenIcfVersion } from './versions.js';

/** One connector a bundle ships. */
export interface BundleConnector {
  readonly connectorName: string;
  /** Name of the export of the main entry holding the ConnectorClass. */
  readonly export: string;
}

/** A bundle found on disk. */
export interface BundleManifest {
  /** The package directory (real path). */
  readonly dir: string;
  readonly packageName: string;
  readonly packageVersion: string;
  /** The bundle name of its ConnectorKeys. */
  readonly bundleName: string;
  /** The bundle version of its ConnectorKeys (OpenICF syntax). */
  readonly bundleVersion: string;
  /** Range of @rcskit/core versions the bundle works with. */
  readonly framework: string;
  /** Where {@link framework} comes from (`rcskit.bundle.framework`, or the dependency on @rcskit/core). */
  readonly frameworkSource?: string | undefined;
  readonly connectors: readonly BundleConnector[];
  /** Absolute path of the main entry module. */
  readonly entry: string;
}

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ENTRY_CONDITIONS = new Set(['import', 'node', 'default']);

/** The target of an `exports` value for an ESM import under Node (conditions in the object's own order). */
function pickExportTarget(value: Json): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = pickExportTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (isRecord(value)) {
    for (const [condition, target] of Object.entries(value)) {
      if (!ENTRY_CONDITIONS.has(condition)) continue;
      const picked = pickExportTarget(target);
      if (picked !== undefined) return picked;
    }
  }
  return undefined;
}

/** The main entry of a package (its `exports` root for `import`, else `main`, else `index.js`). */
export function packageEntry(dir: string, pkg: Record<string, Json>): string {
  const exports = pkg.exports;
  let target: string | undefined;
  if (typeof exports === 'string' || Array.isArray(exports)) target = pickExportTarget(exports);
  else if (isRecord(exports)) {
    const keys = Object.keys(exports);
    const root = keys.some((key) => key.startsWith('.')) ? exports['.'] : exports;
    target = pickExportTarget(root);
  }
  if (target === undefined && typeof pkg.main === 'string') target = pkg.main;
  return resolve(dir, target ?? 'index.js');
}

/** Reads `dir/package.json`; `undefined` when there is none or it is not JSON. */
export async function readPackageJson(dir: string): Promise<Record<string, Json> | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value: Json = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function requireString(value: Json, field: string, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BundleError(`${where}: "${field}" must be a non-empty string`);
  }
  return value.trim();
}

/**
 * The bundle manifest of a package, or `undefined` when the package is not a bundle (no `rcskit.bundle`).
 *
 * @throws BundleError when `rcskit.bundle` is present but invalid (the message names the file and the field).
 */
export function manifestFromPackage(dir: string, pkg: Record<string, Json>): BundleManifest | undefined {
  const rcskit = pkg.rcskit;
  if (!isRecord(rcskit) || rcskit.bundle === undefined) return undefined;
  const where = join(dir, 'package.json');
  const bundle = rcskit.bundle;
  if (!isRecord(bundle)) throw new BundleError(`${where}: "rcskit.bundle" must be an object`);
  const packageName = requireString(pkg.name, 'name', where);
  const packageVersion = requireString(pkg.version, 'version', where);
  const bundleName =
    bundle.bundleName === undefined
      ? packageName
      : requireString(bundle.bundleName, 'rcskit.bundle.bundleName', where);
  let bundleVersion: string;
  try {
    const declared =
      bundle.bundleVersion === undefined
        ? undefined
        : requireString(bundle.bundleVersion, 'rcskit.bundle.bundleVersion', where);
    bundleVersion = bundleVersionFor(declared, packageVersion);
  } catch (error) {
    if (!(error instanceof BundleError) || error.message.startsWith(where)) throw error;
    if (bundle.bundleVersion === undefined) throw new BundleError(`${where}: "version": ${error.message}`);
    throw new BundleError(`${where}: "rcskit.bundle.bundleVersion" ${error.message}`);
  }
  const { range: framework, source: frameworkSource } = frameworkRangeOf(dir, pkg, bundle.framework, where);
  if (!Array.isArray(bundle.connectors) || bundle.connectors.length === 0) {
    throw new BundleError(`${where}: "rcskit.bundle.connectors" must list at least one connector`);
  }
  const connectors = bundle.connectors.map((item, i) => {
    const field = `rcskit.bundle.connectors[${i}]`;
    if (!isRecord(item)) throw new BundleError(`${where}: "${field}" must be an object`);
    return {
      connectorName: requireString(item.connectorName, `${field}.connectorName`, where),
      export: requireString(item.export, `${field}.export`, where),
    };
  });
  const names = new Set<string>();
  for (const connector of connectors) {
    if (names.has(connector.connectorName)) {
      throw new BundleError(`${where}: connector ${connector.connectorName} is listed twice`);
    }
    names.add(connector.connectorName);
  }
  return {
    dir,
    packageName,
    packageVersion,
    bundleName,
    bundleVersion,
    framework,
    frameworkSource,
    connectors,
    entry: packageEntry(dir, pkg),
  };
}
