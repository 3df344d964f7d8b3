/**
 * Loading bundles into the runtime: the framework's identity (which `@rcskit/core` this server runs), the module
 * link that makes bundles use it, importing each bundle's main entry and registering its connector classes with
 * the runtime's `LocalConnectorRegistry` under `(bundleName, bundleVersion, connectorName)`.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ConnectorClass, type ConnectorInfo, ConnectorMessages } from '@rcskit/core';
import type { LocalConnectorRegistry } from '../runtime/connector-registry.js';
import type { FrameworkLinkData } from './framework-link-hooks.js';
import { BundleError, type BundleManifest, packageEntry } from './manifest.js';

/** The framework this server runs. */
export interface FrameworkInfo {
  /** `@rcskit/core`'s version (what bundle `framework` ranges are checked against). */
  readonly coreVersion: string;
  /** `file:` URL of `@rcskit/core`'s main entry. */
  readonly coreUrl: string;
  /** `@rcskit/transport`'s version. */
  readonly transportVersion: string;
  /** `@rcskit/server`'s version. */
  readonly serverVersion: string;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

let cachedFramework: FrameworkInfo | undefined;

/** Reads the versions and location of the framework packages this server was installed with. */
export function frameworkInfo(): FrameworkInfo {
  if (cachedFramework !== undefined) return cachedFramework;
  const require = createRequire(import.meta.url);
  const corePackage = require.resolve('@rcskit/core/package.json');
  const core = readJson(corePackage);
  const transport = readJson(require.resolve('@rcskit/transport/package.json'));
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(`${dir}/package.json`) && dirname(dir) !== dir) dir = dirname(dir);
  const server = readJson(`${dir}/package.json`);
  cachedFramework = {
    coreVersion: String(core.version),
    coreUrl: pathToFileURL(packageEntry(dirname(corePackage), core)).href,
    transportVersion: String(transport.version),
    serverVersion: String(server.version),
  };
  return cachedFramework;
}

/**
 * Makes `import '@rcskit/core'` from modules under `roots` resolve to the server's copy (see
 * `framework-link-hooks.ts`). Returns `false` when the hooks module is not available (running from TypeScript
 * sources, e.g. under a test runner), in which case bundles resolve the framework the usual way.
 */
export function linkFramework(roots: readonly string[]): boolean {
  const hooks = new URL('./framework-link-hooks.js', import.meta.url);
  if (hooks.protocol !== 'file:' || !existsSync(fileURLToPath(hooks))) return false;
  const data: FrameworkLinkData = {
    packages: { '@rcskit/core': frameworkInfo().coreUrl },
    roots: roots.map((root) => pathToFileURL(root.endsWith('/') ? root : `${root}/`).href),
  };
  register(hooks.href, { data });
  return true;
}

/** Whether a value is a core `ConnectorClass` (what `defineConnector` returns). */
export function isConnectorClass(value: unknown): value is ConnectorClass {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ConnectorClass>;
  return (
    typeof candidate.connectorName === 'string' &&
    typeof candidate.displayNameKey === 'string' &&
    typeof candidate.create === 'function' &&
    typeof candidate.configurationClass?.create === 'function' &&
    Array.isArray(candidate.configurationClass?.properties) &&
    typeof candidate.messages === 'object'
  );
}

/** A bundle whose connectors are registered. */
export interface LoadedBundle {
  readonly manifest: BundleManifest;
  readonly connectors: readonly ConnectorInfo[];
}

/** Imports a bundle's main entry and returns its connector classes, checked against the manifest. */
export async function importBundle(manifest: BundleManifest): Promise<ConnectorClass[]> {
  const label = `bundle ${manifest.bundleName} ${manifest.bundleVersion} (${manifest.dir})`;
  if (!existsSync(manifest.entry)) {
    throw new BundleError(
      `${label}: main entry ${manifest.entry} does not exist (is the package built? check "exports"/"main" in its package.json)`,
    );
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(manifest.entry).href)) as Record<string, unknown>;
  } catch (error) {
    throw new BundleError(
      `${label}: importing ${manifest.entry} failed: ${(error as Error).message ?? error}`,
      {
        cause: error,
      },
    );
  }
  return manifest.connectors.map((connector) => {
    const value = module[connector.export];
    if (value === undefined) {
      const available = Object.keys(module).sort().join(', ') || 'none';
      throw new BundleError(
        `${label}: its entry has no export '${connector.export}' for connector ${connector.connectorName} (exports: ${available})`,
      );
    }
    if (!isConnectorClass(value)) {
      throw new BundleError(
        `${label}: export '${connector.export}' is not a connector class (make it with defineConnector from @rcskit/core)`,
      );
    }
    if (!(value.messages instanceof ConnectorMessages)) {
      throw new BundleError(
        `${label}: export '${connector.export}' was built with another copy of @rcskit/core than this server's ` +
          '(a bundle must share the framework: start the server with `rcs run`, which links bundles to its @rcskit/core, ' +
          'or install the bundle where it resolves the same @rcskit/core)',
      );
    }
    if (value.connectorName !== connector.connectorName) {
      throw new BundleError(
        `${label}: export '${connector.export}' defines connector ${value.connectorName}, but package.json lists ${connector.connectorName}`,
      );
    }
    return value;
  });
}

/**
 * Imports the bundles and registers their connectors.
 *
 * @throws BundleError naming the bundle and what is wrong (missing entry, failed import, missing or wrong export).
 */
export async function loadBundles(
  bundles: readonly BundleManifest[],
  registry: LocalConnectorRegistry,
): Promise<LoadedBundle[]> {
  const loaded: LoadedBundle[] = [];
  for (const manifest of bundles) {
    const classes = await importBundle(manifest);
    const connectors = classes.map((connectorClass) =>
      registry.register(connectorClass, {
        bundleName: manifest.bundleName,
        bundleVersion: manifest.bundleVersion,
      }),
    );
    loaded.push({ manifest, connectors });
  }
  return loaded;
}
