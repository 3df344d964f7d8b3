/**
 * The `rcs install`, `rcs outdated` and `rcs update` commands: the bundle directory and registry settings of a
 * configuration, the command, and its outcome printed as lines or JSON.
 *
 * @packageDocumentation
 */
import { mkdir } from 'node:fs/promises';
import { frameworkInfo } from '../bundles/load.js';
import type { ServerConfig } from '../properties/server-config.js';
import {
  type InstallChange,
  type InstallContext,
  installFromLock,
  installRequests,
  type OutdatedRow,
  outdatedBundles,
  updateBundles,
} from './commands.js';
import { InstallError } from './install-error.js';
import { LOCK_FILE } from './lock-file.js';
import { loadRegistryOptions } from './registry-options.js';

/** The context of the install commands for a configuration: its first bundle directory. */
export async function installContext(config: Pick<ServerConfig, 'bundleDirs'>): Promise<InstallContext> {
  const bundleDir = config.bundleDirs[0];
  if (bundleDir === undefined) throw new InstallError('connectorserver.bundleDir names no directory');
  await mkdir(bundleDir, { recursive: true });
  let options: InstallContext['options'];
  try {
    options = loadRegistryOptions(bundleDir).options;
  } catch (error) {
    throw new InstallError((error as Error).message);
  }
  return { bundleDir, options, coreVersion: frameworkInfo().coreVersion };
}

function changeLine(change: InstallChange): string {
  const what = `${change.package}@${change.version} (bundle ${change.bundleName} ${change.bundleVersion})`;
  if (change.action === 'retired') return `retired    ${what}`;
  if (change.action === 'present') return `up to date ${what} for ${change.range}`;
  return `installed  ${what} for ${change.range} in ${change.dir}`;
}

function outdatedLine(row: OutdatedRow): string {
  const state = row.wanted === row.current ? 'up to date' : `wanted ${row.wanted ?? 'none'}`;
  return `${row.package}@${row.range}: current ${row.current}, ${state}, latest ${row.latest ?? 'none'}`;
}

/** Runs one install command and prints its outcome. */
export async function runInstallCommand(
  command: 'install' | 'outdated' | 'update',
  config: Pick<ServerConfig, 'bundleDirs'>,
  args: readonly string[],
  json: boolean,
): Promise<void> {
  const context = await installContext(config);
  if (command === 'outdated') {
    const rows = await outdatedBundles(context);
    if (json)
      process.stdout.write(`${JSON.stringify({ bundleDir: context.bundleDir, bundles: rows }, null, 2)}\n`);
    else if (rows.length === 0) process.stdout.write(`No bundles in ${context.bundleDir}/${LOCK_FILE}.\n`);
    else process.stdout.write(`${rows.map(outdatedLine).join('\n')}\n`);
    return;
  }
  const changes =
    command === 'update'
      ? await updateBundles(context, args)
      : args.length === 0
        ? await installFromLock(context)
        : await installRequests(context, args);
  if (json) {
    process.stdout.write(`${JSON.stringify({ bundleDir: context.bundleDir, changes }, null, 2)}\n`);
    return;
  }
  const lines = changes.map(changeLine);
  if (lines.length === 0) lines.push(`Nothing to do: ${context.bundleDir} matches ${LOCK_FILE}.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
