/**
 * Choosing which installed bundles to serve.
 *
 * - **Every bundle is served by default**, each version under its exact ConnectorKey, so several versions of one
 *   bundle run side by side and IDM's `bundleVersion` ranges pick among them.
 * - **Pins** (`rcskit.bundle.pin.<label>=<bundleName> <range>`; the name may also be the npm package name; the
 *   range is an OpenICF range/version or an npm semver range) restrict a bundle: each pin selects the highest
 *   installed version that satisfies it (core's `pickHighestVersion`), and **the versions no pin selected are not
 *   served** — a pin is the deployment saying which version IDM gets. Several pins on one bundle select several
 *   versions.
 * - A pin nothing satisfies, and a served bundle whose `framework` range does not accept this server's
 *   `@rcskit/core` version, stop start-up; the message lists what is installed.
 * - Two packages with the same bundle name and version: the first found is served, the other reported as a
 *   duplicate.
 *
 * @packageDocumentation
 */
import { parseVersionSpec, pickHighestVersion, satisfies, Version } from '@rcskit/core';
import type { BundlePin } from '../properties/server-config.js';
import type { BundleManifest } from './manifest.js';

/** Why a bundle is or is not served. */
export type BundleStatus = 'serve' | 'not-pinned' | 'duplicate' | 'incompatible';

/** One installed bundle and the decision about it. */
export interface BundleDecision {
  readonly manifest: BundleManifest;
  readonly status: BundleStatus;
  /** Labels of the pins that selected it. */
  readonly pins: readonly string[];
  /** Why it is not served, when it is not. */
  readonly reason?: string | undefined;
}

/** The outcome of {@link resolveBundles}. */
export interface BundleResolution {
  /** Every installed bundle, sorted by bundle name then version (highest first). */
  readonly decisions: readonly BundleDecision[];
  /** The bundles to load. */
  readonly selected: readonly BundleManifest[];
  /** Problems that stop start-up (unsatisfiable pins, incompatible framework ranges). */
  readonly problems: readonly string[];
}

/** `name version (dir)` lines for messages. */
export function describeInstalled(bundles: readonly BundleManifest[]): string {
  if (bundles.length === 0) return 'no bundles are installed';
  return [...bundles]
    .sort(compareVersionsDescending)
    .map((b) => `${b.bundleName} ${b.bundleVersion} (${b.packageName}@${b.packageVersion}, ${b.dir})`)
    .join('; ');
}

function compareVersionsDescending(a: BundleManifest, b: BundleManifest): number {
  const byName = a.bundleName.localeCompare(b.bundleName);
  if (byName !== 0) return byName;
  const byVersion = Version.parse(b.bundleVersion).compareTo(Version.parse(a.bundleVersion));
  return byVersion !== 0 ? byVersion : a.bundleVersion.localeCompare(b.bundleVersion);
}

/** Whether `frameworkVersion` satisfies a bundle's `framework` range; an invalid range is a problem. */
export function checkFramework(manifest: BundleManifest, frameworkVersion: string): string | undefined {
  let ok: boolean;
  try {
    parseVersionSpec(manifest.framework);
    ok = satisfies(frameworkVersion, manifest.framework);
  } catch (error) {
    return `bundle ${manifest.bundleName} ${manifest.bundleVersion} (${manifest.dir}) has an invalid "rcskit.bundle.framework" range '${manifest.framework}': ${(error as Error).message}`;
  }
  if (ok) return undefined;
  return (
    `bundle ${manifest.bundleName} ${manifest.bundleVersion} (${manifest.dir}) needs framework ${manifest.framework}, ` +
    `but this server runs @rcskit/core ${frameworkVersion}: install a version of the bundle built for it, or pin another installed version`
  );
}

/** Decides which bundles to serve; see the module notes. */
export function resolveBundles(
  installed: readonly BundleManifest[],
  pins: readonly BundlePin[],
  frameworkVersion: string,
): BundleResolution {
  const problems: string[] = [];
  const unique: BundleManifest[] = [];
  const duplicates = new Map<BundleManifest, BundleManifest>();
  for (const bundle of installed) {
    const first = unique.find(
      (b) => b.bundleName === bundle.bundleName && b.bundleVersion === bundle.bundleVersion,
    );
    if (first === undefined) unique.push(bundle);
    else duplicates.set(bundle, first);
  }

  const pinsByBundle = new Map<BundleManifest, string[]>();
  const pinLabelsByName = new Map<string, string[]>();
  for (const pin of pins) {
    const named = unique.filter((b) => b.bundleName === pin.bundleName || b.packageName === pin.bundleName);
    const key = `rcskit.bundle.pin.${pin.label}`;
    if (named.length === 0) {
      problems.push(
        `${key} (${pin.origin}) pins ${pin.bundleName} ${pin.range}, but no bundle of that name is installed; installed: ${describeInstalled(installed)}`,
      );
      continue;
    }
    for (const name of new Set(named.map((b) => b.bundleName))) {
      pinLabelsByName.set(name, [...(pinLabelsByName.get(name) ?? []), pin.label]);
    }
    const chosenVersion = pickHighestVersion(
      named.map((b) => b.bundleVersion),
      pin.range,
    );
    const chosen = named.find((b) => b.bundleVersion === chosenVersion);
    if (chosen === undefined) {
      problems.push(
        `${key} (${pin.origin}) pins ${pin.bundleName} ${pin.range}, which no installed version satisfies; installed: ${describeInstalled(named)}`,
      );
      continue;
    }
    pinsByBundle.set(chosen, [...(pinsByBundle.get(chosen) ?? []), pin.label]);
  }

  const decisions: BundleDecision[] = [];
  const selected: BundleManifest[] = [];
  for (const bundle of [...installed].sort(compareVersionsDescending)) {
    const duplicateOf = duplicates.get(bundle);
    if (duplicateOf !== undefined) {
      decisions.push({
        manifest: bundle,
        status: 'duplicate',
        pins: [],
        reason: `same bundle name and version as ${duplicateOf.dir}`,
      });
      continue;
    }
    const pinLabels = pinsByBundle.get(bundle) ?? [];
    const namePins = pinLabelsByName.get(bundle.bundleName);
    if (namePins !== undefined && pinLabels.length === 0) {
      const labels = namePins.map((label) => `rcskit.bundle.pin.${label}`).join(', ');
      decisions.push({
        manifest: bundle,
        status: 'not-pinned',
        pins: [],
        reason: `not the version ${labels} selects`,
      });
      continue;
    }
    const incompatible = checkFramework(bundle, frameworkVersion);
    if (incompatible !== undefined) {
      problems.push(`${incompatible}; installed: ${describeInstalled(installed)}`);
      decisions.push({ manifest: bundle, status: 'incompatible', pins: pinLabels, reason: incompatible });
      continue;
    }
    decisions.push({ manifest: bundle, status: 'serve', pins: pinLabels });
    selected.push(bundle);
  }
  return { decisions, selected, problems };
}
