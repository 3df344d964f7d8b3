/**
 * `connectorserver.bundleInstallOnStart=true`: before serving, `rcs run` installs what the lock file lists and the
 * bundle directory lacks (as `rcs install` without arguments does). When that fails — registry unreachable, 401,
 * a lock that no longer matches the registry — the failure is logged and the server starts with the bundles that
 * are installed: a registry outage must not take down connectors that are already there.
 *
 * @packageDocumentation
 */
import type { Logger } from '../logging/logger.js';
import type { ServerConfig } from '../properties/server-config.js';
import { installFromLock } from './commands.js';
import { LOCK_FILE } from './lock-file.js';
import { installContext } from './run-command.js';

/** See the module notes. */
export async function installOnStart(config: ServerConfig, logger: Logger): Promise<void> {
  try {
    const context = await installContext(config);
    const changes = await installFromLock(context);
    for (const change of changes) {
      logger.info(
        {
          package: change.package,
          version: change.version,
          bundleName: change.bundleName,
          bundleVersion: change.bundleVersion,
        },
        `Bundle ${change.action === 'retired' ? 'retired' : change.action === 'present' ? 'present' : 'installed'} from ${LOCK_FILE}: ${change.package}@${change.version}`,
      );
    }
  } catch (error) {
    logger.error(
      { error: error instanceof Error ? error.message : String(error) },
      'Installing the bundles of the lock file failed; serving the bundles that are installed',
    );
  }
}
