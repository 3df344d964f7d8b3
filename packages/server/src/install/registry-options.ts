/**
 * Where `rcs install` fetches from, read the way npm reads it, so a deployment configures its private registry
 * once for npm and rcs alike (docs/bundles.md#installing-from-a-registry):
 *
 * 1. the user's `.npmrc` (`$NPM_CONFIG_USERCONFIG`, else `~/.npmrc`);
 * 2. the bundle directory's `.npmrc` (beside the lock file: the deployment's own registry and token);
 * 3. `npm_config_*` environment variables (`npm_config_registry=…`).
 *
 * Later sources win. Values may name environment variables as `${NAME}` (npm's syntax), which is how tokens stay
 * out of the file. The result is the flat option object pacote and Arborist (npm-registry-fetch) take: `registry`,
 * `@scope:registry`, `//host/path/:_authToken`, `//host/path/:_auth`, `//host/path/:username`/`:_password`, …
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'ini';

/** npm's default registry, when no source names one. */
export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** The flat options handed to pacote and Arborist. */
export type RegistryOptions = Record<string, string | boolean | undefined>;

/** What {@link loadRegistryOptions} read, for messages. */
export interface LoadedRegistryOptions {
  readonly options: RegistryOptions;
  /** The files that existed and were read, in order. */
  readonly files: readonly string[];
}

function expand(value: string, env: NodeJS.ProcessEnv, file: string, key: string): string {
  return value.replace(/(\\*)\$\{([^}]+)\}/g, (whole, slashes: string, name: string) => {
    if (slashes.length % 2 === 1) return whole.slice(1);
    const found = env[name];
    if (found === undefined) {
      throw new Error(`${file}: ${key} names the environment variable \${${name}}, which is not set`);
    }
    return `${slashes}${found}`;
  });
}

function readNpmrc(file: string, env: NodeJS.ProcessEnv, into: RegistryOptions): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  for (const [key, value] of Object.entries(parse(text))) {
    if (typeof value === 'string') into[key] = expand(value, env, file, key);
    else if (typeof value === 'boolean') into[key] = value;
  }
  return true;
}

/**
 * Reads the registry settings for a bundle directory; see the module notes.
 *
 * @throws Error naming the file and key when a `${VAR}` it uses is not set.
 */
export function loadRegistryOptions(
  bundleDir: string,
  env: NodeJS.ProcessEnv = process.env,
): LoadedRegistryOptions {
  const options: RegistryOptions = {};
  const files: string[] = [];
  const userConfig = env.NPM_CONFIG_USERCONFIG ?? env.npm_config_userconfig ?? join(homedir(), '.npmrc');
  for (const file of [userConfig, join(bundleDir, '.npmrc')]) {
    if (readNpmrc(file, env, options)) files.push(file);
  }
  for (const [name, value] of Object.entries(env)) {
    const match = /^npm_config_(.+)$/i.exec(name);
    if (match === null || value === undefined) continue;
    const key = match[1]!.toLowerCase();
    if (key === 'userconfig' || key === 'globalconfig' || key === 'cache') continue;
    options[key] = value;
  }
  if (typeof options.registry !== 'string' || options.registry === '') options.registry = DEFAULT_REGISTRY;
  else if (!options.registry.endsWith('/')) options.registry = `${options.registry}/`;
  return { options, files };
}

/** The registry URL used for a package name (its scope's registry, else the default one). */
export function registryFor(name: string, options: RegistryOptions): string {
  if (name.startsWith('@')) {
    const scoped = options[`${name.split('/')[0]}:registry`];
    if (typeof scoped === 'string' && scoped !== '') return scoped;
  }
  return String(options.registry ?? DEFAULT_REGISTRY);
}
