/**
 * Installing bundles from an npm registry: `rcs install`, `rcs outdated`, `rcs update`, the lock file and the
 * registry settings (`.npmrc`). See docs/bundles.md#installing-from-a-registry.
 *
 * @packageDocumentation
 */
export * from './bundle-request.js';
export * from './commands.js';
export * from './install-error.js';
export * from './lock-file.js';
export * from './registry-client.js';
export * from './registry-options.js';
export * from './stage.js';
