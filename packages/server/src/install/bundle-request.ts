/**
 * The argument of `rcs install`: `<package-or-bundleName>[@<range>]`.
 *
 * - The name is an npm package name (`@acme/connector-x`, `connector-x`) or a bundle name
 *   (`org.forgerock.openicf.connectors.csvfile-connector`); which one is decided against the registry.
 * - The range is read by core's `parseVersionSpec`: an OpenICF interval (`[1.5.19.0,1.6.0.0)`) or plain version
 *   (`1.5.20.15`) selects by **bundle version**, as a provisioner's `connectorRef.bundleVersion` does; an npm
 *   range (`^1`, `~1.2.0`, `>=1 <3`) selects by **npm version**. No range means every version (`*`).
 *
 * @packageDocumentation
 */
import { parseVersionSpec, type VersionSpec } from '@rcskit/core';
import { InstallError } from './install-error.js';

/** A parsed `rcs install` argument. */
export interface BundleRequest {
  /** The argument as given. */
  readonly text: string;
  /** Package or bundle name. */
  readonly name: string;
  /** The range text (`*` when none was given). */
  readonly range: string;
  readonly spec: VersionSpec;
}

/**
 * Parses `name@range`.
 *
 * @throws InstallError for a missing name or an invalid range (the message shows both syntaxes).
 */
export function parseBundleRequest(text: string): BundleRequest {
  const trimmed = text.trim();
  // A scoped name starts with '@': the version separator is the first '@' after it.
  const at = trimmed.indexOf('@', trimmed.startsWith('@') ? 1 : 0);
  const name = (at < 0 ? trimmed : trimmed.slice(0, at)).trim();
  const range = at < 0 ? '*' : trimmed.slice(at + 1).trim() || '*';
  if (name === '' || name === '@' || /\s/.test(name)) {
    throw new InstallError(
      `'${text}' does not name a package or bundle: use <package-or-bundleName>@<range>, e.g. @acme/connector-x@^1 or org.example.x-connector@[1.5.0.0,1.6.0.0)`,
    );
  }
  let spec: VersionSpec;
  try {
    spec = parseVersionSpec(range);
  } catch (error) {
    throw new InstallError(`'${text}': ${(error as Error).message}`);
  }
  if (spec.isEmpty)
    throw new InstallError(`'${text}': the range ${range} is empty, no version can satisfy it`);
  return { text: trimmed, name, range, spec };
}
