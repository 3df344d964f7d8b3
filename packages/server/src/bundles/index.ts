/**
 * Connector bundles: the manifest in `package.json`, discovery in the bundle directories, resolution (pins,
 * side-by-side versions, framework ranges) and loading into the runtime.
 *
 * @packageDocumentation
 */
export * from './discover.js';
export type { FrameworkLinkData } from './framework-link-hooks.js';
export * from './load.js';
export * from './manifest.js';
export * from './plan.js';
export * from './resolve.js';
export * from './versions.js';
