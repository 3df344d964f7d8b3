/**
 * Bundle versions coming and going while the server runs (`connectorserver.bundleWatch`, default on;
 * docs/bundles.md#upgrades-without-restart):
 *
 * - the bundle directories (and their `node_modules`, where alias installs live) are watched; a burst of changes
 *   is taken as one after `debounceMs` of quiet. Staging directories (`.rcs-staging-*`) are ignored: `rcs install`
 *   renames a complete install into place in one step, so a new version is never seen half-written;
 * - each change re-plans the bundles exactly as start-up does (discovery, pins, framework ranges) and compares
 *   the result with what is served: new versions are imported and registered, versions no longer selected are
 *   **retired** (`LocalConnectorRegistry.retire`: not advertised any more, but requests on them keep working for
 *   `connectorserver.bundleRetireGrace`, so facades open on the old version finish their work);
 * - a plan problem (a pin nothing satisfies, a bundle built for another framework) never stops a running server:
 *   it is logged at warn and the bundles it concerns are left as they are;
 * - two packages claiming one bundle name and version: the later one is refused at warn, naming both;
 * - after a change, {@link BundleReloaderOptions.onChange} runs (the server announces the new list to IDM).
 *
 * @packageDocumentation
 */
import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logging/logger.js';
import type { ServerConfig } from '../properties/server-config.js';
import type { LocalConnectorRegistry } from '../runtime/connector-registry.js';
import { type FrameworkInfo, importBundle, type LoadedBundle } from './load.js';
import type { BundleManifest } from './manifest.js';
import { planBundles } from './plan.js';

/** Default quiet time before a burst of directory changes is acted on. */
export const DEFAULT_RELOAD_DEBOUNCE_MS = 250;

/** Settings of a {@link BundleReloader}. */
export interface BundleReloaderOptions {
  readonly config: Pick<ServerConfig, 'bundleDirs' | 'pins' | 'bundleRetireGraceMs'>;
  readonly framework: FrameworkInfo;
  readonly registry: LocalConnectorRegistry;
  readonly logger: Logger;
  /** The bundles served at start. */
  readonly loaded: readonly LoadedBundle[];
  readonly debounceMs?: number | undefined;
  /** Called after a reload that added or retired a bundle version. */
  readonly onChange?: ((change: BundleChange) => void) | undefined;
}

/** What one reload did. */
export interface BundleChange {
  readonly added: readonly LoadedBundle[];
  readonly retired: readonly LoadedBundle[];
}

/** Identity of an installed bundle version: where it is and what it claims. */
function identity(manifest: BundleManifest): string {
  return `${manifest.dir}\n${manifest.bundleName}\n${manifest.bundleVersion}`;
}

function describe(manifest: BundleManifest): string {
  return `${manifest.bundleName} ${manifest.bundleVersion} (${manifest.packageName}@${manifest.packageVersion}, ${manifest.dir})`;
}

/** Follows the bundle directories; see the module notes. */
export class BundleReloader {
  readonly #options: BundleReloaderOptions;
  readonly #served = new Map<string, LoadedBundle>();
  readonly #watchers: FSWatcher[] = [];
  readonly #reported = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<BundleChange> | undefined;
  #again = false;
  #closed = false;

  constructor(options: BundleReloaderOptions) {
    this.#options = options;
    for (const bundle of options.loaded) this.#served.set(identity(bundle.manifest), bundle);
  }

  /** The bundles served now. */
  get bundles(): readonly LoadedBundle[] {
    return [...this.#served.values()];
  }

  /** Starts watching the bundle directories. */
  watch(): this {
    for (const dir of this.#options.config.bundleDirs) {
      for (const path of [dir, join(dir, 'node_modules')]) {
        try {
          const watcher = watch(path, { persistent: false }, (_event, name) => {
            if (typeof name === 'string' && name.startsWith('.rcs-staging-')) return;
            this.#schedule();
          });
          watcher.on('error', (error) =>
            this.#options.logger.warn({ path, error: error.message }, 'Bundle directory watch failed'),
          );
          this.#watchers.push(watcher);
        } catch {
          // `node_modules` may not exist; the bundle directory itself was checked at start.
        }
      }
    }
    return this;
  }

  #schedule(): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.reload().catch((error: unknown) =>
        this.#options.logger.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'Bundle reload failed; the served bundles are unchanged',
        ),
      );
    }, this.#options.debounceMs ?? DEFAULT_RELOAD_DEBOUNCE_MS);
    this.#timer.unref();
  }

  /** Re-plans and applies the difference now (reloads never overlap; one asked during another runs after it). */
  reload(): Promise<BundleChange> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#reload().finally(() => {
      this.#running = undefined;
      if (this.#again && !this.#closed) {
        this.#again = false;
        this.#schedule();
      }
    });
    return this.#running;
  }

  async #reload(): Promise<BundleChange> {
    const { config, framework, registry, logger } = this.#options;
    const plan = await planBundles(config, framework);
    for (const problem of plan.problems) this.#warnOnce(problem, 'Bundle change not applied');
    // Names with a plan problem keep what they serve: a running server never loses a bundle to a bad install.
    const troubled = new Set(
      plan.resolution.decisions
        .filter(
          (d) => d.status === 'incompatible' || plan.problems.some((p) => p.includes(d.manifest.bundleName)),
        )
        .map((d) => d.manifest.bundleName),
    );
    const wanted = this.#wanted(plan.resolution.selected, plan.resolution.decisions);
    const retired: LoadedBundle[] = [];
    for (const [key, bundle] of this.#served) {
      if (wanted.has(key) || troubled.has(bundle.manifest.bundleName)) continue;
      this.#served.delete(key);
      for (const info of bundle.connectors) registry.retire(info.connectorKey, config.bundleRetireGraceMs);
      logger.info(
        {
          bundle: bundle.manifest.bundleName,
          bundleVersion: bundle.manifest.bundleVersion,
          path: bundle.manifest.dir,
        },
        `Bundle retired: ${describe(bundle.manifest)}`,
      );
      retired.push(bundle);
    }
    const added: LoadedBundle[] = [];
    for (const [key, manifest] of wanted) {
      if (this.#served.has(key)) continue;
      const bundle = await this.#load(manifest);
      if (bundle === undefined) continue;
      this.#served.set(key, bundle);
      added.push(bundle);
    }
    const change = { added, retired };
    if (added.length > 0 || retired.length > 0) this.#options.onChange?.(change);
    return change;
  }

  /**
   * The versions to serve: the plan's selection, except that a key already served keeps its package — a package
   * claiming the same bundle name and version later is refused, however discovery orders the two.
   */
  #wanted(
    selected: readonly BundleManifest[],
    decisions: readonly { manifest: BundleManifest; status: string; reason?: string | undefined }[],
  ): Map<string, BundleManifest> {
    const keyOf = (m: BundleManifest) => `${m.bundleName}\n${m.bundleVersion}`;
    const installed = new Set(decisions.map((d) => identity(d.manifest)));
    const holders = new Map<string, LoadedBundle>();
    for (const bundle of this.#served.values()) {
      if (installed.has(identity(bundle.manifest))) holders.set(keyOf(bundle.manifest), bundle);
    }
    const refuse = (manifest: BundleManifest, holderDir: string) =>
      this.#warnOnce(
        `Bundle ${describe(manifest)} refused: same bundle name and version as ${holderDir}`,
        'Duplicate bundle',
      );
    const wanted = new Map<string, BundleManifest>();
    for (const manifest of selected) {
      const holder = holders.get(keyOf(manifest));
      if (holder !== undefined && identity(holder.manifest) !== identity(manifest)) {
        wanted.set(identity(holder.manifest), holder.manifest);
        refuse(manifest, holder.manifest.dir);
      } else wanted.set(identity(manifest), manifest);
    }
    for (const decision of decisions) {
      if (decision.status !== 'duplicate' || wanted.has(identity(decision.manifest))) continue;
      const first = selected.find((m) => keyOf(m) === keyOf(decision.manifest));
      const holder = first === undefined ? undefined : holders.get(keyOf(first));
      refuse(decision.manifest, holder?.manifest.dir ?? first?.dir ?? 'another package');
    }
    return wanted;
  }

  async #load(manifest: BundleManifest): Promise<LoadedBundle | undefined> {
    const { registry, logger } = this.#options;
    let classes: Awaited<ReturnType<typeof importBundle>>;
    try {
      classes = await importBundle(manifest);
    } catch (error) {
      this.#warnOnce(
        `Bundle ${describe(manifest)} not loaded: ${error instanceof Error ? error.message : String(error)}`,
        'Bundle not loaded',
      );
      return undefined;
    }
    const identityOf = { bundleName: manifest.bundleName, bundleVersion: manifest.bundleVersion };
    const connectors = [];
    for (const connectorClass of classes) {
      const claimed = [...this.#served.values()].find((b) =>
        b.connectors.some(
          (info) =>
            info.connectorKey.bundleName === manifest.bundleName &&
            info.connectorKey.bundleVersion === manifest.bundleVersion &&
            info.connectorKey.connectorName === connectorClass.connectorName,
        ),
      );
      if (claimed !== undefined) {
        this.#warnOnce(
          `Connector ${manifest.bundleName}:${manifest.bundleVersion}:${connectorClass.connectorName} of ${manifest.dir} refused: ${claimed.manifest.dir} already serves that key`,
          'Duplicate connector key',
        );
        continue;
      }
      connectors.push(registry.register(connectorClass, identityOf));
    }
    logger.info(
      {
        bundle: manifest.bundleName,
        bundleVersion: manifest.bundleVersion,
        package: `${manifest.packageName}@${manifest.packageVersion}`,
        path: manifest.dir,
        connectors: connectors.map((info) => info.connectorKey.connectorName),
      },
      `Bundle loaded while running: ${describe(manifest)}`,
    );
    return { manifest, connectors };
  }

  #warnOnce(message: string, kind: string): void {
    if (this.#reported.has(message)) return;
    this.#reported.add(message);
    this.#options.logger.warn({ kind }, message);
  }

  /** Stops watching (a reload in progress finishes). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const watcher of this.#watchers) watcher.close();
    await this.#running?.catch(() => {});
  }
}
