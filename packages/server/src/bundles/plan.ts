/**
 * The bundle plan of a configuration: discover what is installed in the bundle directories, decide what to serve
 * (pins, framework ranges), and fail start-up with one message when something is wrong.
 *
 * @packageDocumentation
 */
import type { ServerConfig } from '../properties/server-config.js';
import { type DiscoveryResult, discoverBundles } from './discover.js';
import { type FrameworkInfo, frameworkInfo } from './load.js';
import { BundleError } from './manifest.js';
import { type BundleResolution, resolveBundles } from './resolve.js';

/** What is installed and what will be served. */
export interface BundlePlan {
  readonly framework: FrameworkInfo;
  readonly bundleDirs: readonly string[];
  readonly discovery: DiscoveryResult;
  readonly resolution: BundleResolution;
  /** Every problem that stops start-up (invalid manifests, missing directories, pins, framework ranges). */
  readonly problems: readonly string[];
}

/** Discovers and resolves the bundles of a configuration (nothing is imported yet). */
export async function planBundles(
  config: Pick<ServerConfig, 'bundleDirs' | 'pins'>,
  framework: FrameworkInfo = frameworkInfo(),
): Promise<BundlePlan> {
  const discovery = await discoverBundles(config.bundleDirs);
  const resolution = resolveBundles(discovery.bundles, config.pins, framework.coreVersion);
  const problems = [...discovery.problems.map((p) => p.message), ...resolution.problems];
  return { framework, bundleDirs: config.bundleDirs, discovery, resolution, problems };
}

/** Throws a {@link BundleError} listing the plan's problems, if any. */
export function assertPlanUsable(plan: BundlePlan): void {
  if (plan.problems.length === 0) return;
  const list =
    plan.problems.length === 1 ? plan.problems[0] : plan.problems.map((p) => `\n  - ${p}`).join('');
  throw new BundleError(`Cannot start with these bundles: ${list}`);
}
