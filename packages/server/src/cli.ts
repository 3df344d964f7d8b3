#!/usr/bin/env node
/**
 * `rcs`, the command line of the connector server (the Java `ConnectorServer.sh` equivalents):
 *
 * - `rcs run [--properties conf/ConnectorServer.properties] [-Dconnectorserver.x=y …]` — `/run`;
 * - `rcs setkey <key> [--properties …]` — `/setKey`;
 * - `rcs bundles [--properties …] [--json] [--no-load]` — what is installed, what is served and why;
 * - `rcs install [<package-or-bundleName>@<range>…]`, `rcs outdated`, `rcs update [<package>…]` — bundles from an
 *   npm registry into the first bundle directory, with a lock file (`install/`);
 * - `rcs properties` — every known property with its default;
 * - `rcs --version`.
 *
 * Exit codes: 0 = success (also after a clean SIGINT/SIGTERM shutdown), 1 = runtime failure, 2 = unusable
 * configuration (unknown or bad property, bundle problems).
 *
 * @packageDocumentation
 */
import { createInterface } from 'node:readline';
import { Command, CommanderError } from 'commander';
import { frameworkInfo, importBundle, linkFramework } from './bundles/load.js';
import { BundleError } from './bundles/manifest.js';
import { PROPERTY_DEFINITIONS } from './properties/definitions.js';
import { DEFAULT_PROPERTIES_FILE, loadServerConfig } from './properties/load.js';
import { PropertiesError } from './properties/server-config.js';
import { extractDefineArgs } from './properties/sources.js';

// The wire layer, pino and the runtime load only for the commands that need them, so `rcs --version`,
// `rcs properties` and configuration errors answer quickly.

/** An `InstallError` (checked by name: the install commands load lazily). */
function isInstallError(error: unknown): error is Error & { kind: string } {
  return error instanceof Error && error.name === 'InstallError';
}

/** Exit code for an unusable configuration. */
const EXIT_CONFIG = 2;

function fail(error: unknown): never {
  if (isInstallError(error) && (error.kind === 'unreachable' || error.kind === 'failed')) {
    process.stderr.write(`rcs: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof PropertiesError || error instanceof BundleError || isInstallError(error)) {
    process.stderr.write(`rcs: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  process.stderr.write(`rcs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

async function run(propertiesFile: string | undefined, defines: string[]): Promise<void> {
  const config = await loadServerConfig({ propertiesFile, defines });
  const { createLogger } = await import('./logging/logger.js');
  const { ConnectorServer } = await import('./connector-server.js');
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  if (config.bundleInstallOnStart) {
    const { installOnStart } = await import('./install/on-start.js');
    await installOnStart(config, logger);
  }
  const server = await ConnectorServer.start({ config, logger });
  let signals = 0;
  const shutdown = (reason: string) => {
    signals++;
    if (signals > 1) {
      logger.warn({ reason }, 'Stopping now, without waiting for operations');
      void server.stop(0).finally(() => process.exit(1));
      return;
    }
    logger.info({ reason }, 'Stopping connector server');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ error: error instanceof Error ? error.message : String(error) }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Like the Java RCS console: `q` + Enter stops the server.
  if (process.stdin.isTTY) {
    const input = createInterface({ input: process.stdin });
    input.on('line', (line) => {
      if (line.trim().toLowerCase() === 'q') {
        input.close();
        shutdown('q');
      }
    });
  }
}

async function bundles(propertiesFile: string | undefined, defines: string[], json: boolean, load: boolean) {
  const config = await loadServerConfig({ propertiesFile, defines });
  const { planBundles } = await import('./bundles/plan.js');
  const plan = await planBundles(config);
  const loadErrors = new Map<string, string>();
  if (load) {
    linkFramework([...config.bundleDirs, ...plan.resolution.selected.map((b) => b.dir)]);
    for (const manifest of plan.resolution.selected) {
      try {
        await importBundle(manifest);
      } catch (error) {
        loadErrors.set(manifest.dir, error instanceof Error ? error.message : String(error));
      }
    }
  }
  const rows = plan.resolution.decisions.map((d) => ({
    bundleName: d.manifest.bundleName,
    bundleVersion: d.manifest.bundleVersion,
    package: `${d.manifest.packageName}@${d.manifest.packageVersion}`,
    path: d.manifest.dir,
    framework: d.manifest.framework,
    status: loadErrors.has(d.manifest.dir) ? 'load-error' : d.status,
    reason: loadErrors.get(d.manifest.dir) ?? d.reason,
    pins: d.pins,
    connectors: d.manifest.connectors.map((c) => c.connectorName),
  }));
  const problems = [...plan.problems, ...loadErrors.values()];
  if (json) {
    const report = {
      framework: { core: plan.framework.coreVersion, server: plan.framework.serverVersion },
      bundleDirs: plan.bundleDirs,
      pins: config.pins,
      bundles: rows,
      problems,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const out: string[] = [];
    out.push(
      `Framework: @rcskit/core ${plan.framework.coreVersion} (rcskit server ${plan.framework.serverVersion})`,
    );
    out.push(`Bundle directories: ${plan.bundleDirs.join(', ')}`);
    out.push(
      config.pins.length === 0
        ? 'Pins: none (every installed version is served)'
        : `Pins: ${config.pins.map((p) => `${p.label} = ${p.bundleName} ${p.range}`).join('; ')}`,
    );
    out.push('');
    if (rows.length === 0) out.push('No bundles found.');
    for (const row of rows) {
      const pins = row.pins.length > 0 ? `  pinned by ${row.pins.join(', ')}` : '';
      out.push(`${row.bundleName} ${row.bundleVersion}  [${row.status}]${pins}`);
      out.push(`    package   ${row.package}  framework ${row.framework}`);
      out.push(`    path      ${row.path}`);
      for (const connector of row.connectors) out.push(`    connector ${connector}`);
      if (row.reason !== undefined) out.push(`    note      ${row.reason}`);
    }
    if (problems.length > 0) {
      out.push('');
      out.push('Problems:');
      for (const problem of problems) out.push(`  - ${problem}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
  if (problems.length > 0) process.exit(EXIT_CONFIG);
}

function propertiesTable(): string {
  const lines = PROPERTY_DEFINITIONS.map((d) => {
    const aliases = d.aliases?.length ? ` (also ${d.aliases.join(', ')})` : '';
    const def = d.defaultText !== undefined ? ` [default: ${d.defaultText.replace(/`/g, '')}]` : '';
    return `${d.key}${aliases}  (${d.mode}, ${d.origin})${def}\n    ${d.description.replace(/`/g, '')}`;
  });
  lines.push(
    'rcskit.bundle.pin.<label>=<bundleName> <range>  (both, rcskit)\n    Serve only the highest installed version of the bundle that satisfies the range.',
  );
  return lines.join('\n');
}

/** Builds the `rcs` program. */
function createProgram(defines: string[]): Command {
  const framework = frameworkInfo();
  const program = new Command('rcs')
    .description(
      'rcskit Remote Connector Server: serves TypeScript connector bundles to PingIDM/OpenIDM over the OpenICF protocol',
    )
    .version(
      `rcs ${framework.serverVersion} (@rcskit/core ${framework.coreVersion}, @rcskit/transport ${framework.transportVersion}, node ${process.version})`,
      '-v, --version',
    )
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nProperty overrides: -Dconnectorserver.<name>=<value>, RCS_<NAME> variables, -D words in OPENICF_OPTS.',
    );

  program
    .command('run')
    .description('start the connector server (server or client mode, from the properties)')
    .option('-p, --properties <file>', `properties file (default ${DEFAULT_PROPERTIES_FILE})`)
    .action((options: { properties?: string }) => run(options.properties, defines));

  program
    .command('setkey')
    .description('store the hash of <key> as connectorserver.key (the key IDM must present in server mode)')
    .argument('<key>', 'the shared key, in clear')
    .option('-p, --properties <file>', 'properties file', DEFAULT_PROPERTIES_FILE)
    .action(async (key: string, options: { properties: string }) => {
      const { setKey } = await import('./properties/set-key.js');
      await setKey(options.properties, key);
      process.stdout.write('Key has been successfully updated.\n');
    });

  program
    .command('bundles')
    .description('list installed bundles, which are served, and why')
    .option('-p, --properties <file>', `properties file (default ${DEFAULT_PROPERTIES_FILE})`)
    .option('--json', 'print JSON')
    .option('--no-load', 'do not import the served bundles to check their exports')
    .action((options: { properties?: string; json?: boolean; load: boolean }) =>
      bundles(options.properties, defines, options.json === true, options.load),
    );

  const installCommand =
    (name: 'install' | 'outdated' | 'update') =>
    async (args: string[], options: { properties?: string; json?: boolean }) => {
      const config = await loadServerConfig({ propertiesFile: options.properties, defines });
      const { runInstallCommand } = await import('./install/run-command.js');
      await runInstallCommand(name, config, args, options.json === true);
    };
  program
    .command('install')
    .description(
      'install bundles from the registry of .npmrc into the first bundle directory and record them in rcs-lock.json; without arguments, install exactly what rcs-lock.json lists',
    )
    .argument(
      '[requests...]',
      '<package-or-bundleName>@<range>: an npm range (^1) or an OpenICF one ([1.5.19.0,1.6.0.0))',
    )
    .option('-p, --properties <file>', `properties file (default ${DEFAULT_PROPERTIES_FILE})`)
    .option('--json', 'print JSON')
    .action(installCommand('install'));
  program
    .command('outdated')
    .description(
      'for each bundle in rcs-lock.json: the installed version, the highest its range accepts, the latest',
    )
    .option('-p, --properties <file>', `properties file (default ${DEFAULT_PROPERTIES_FILE})`)
    .option('--json', 'print JSON')
    .action((options: { properties?: string; json?: boolean }) => installCommand('outdated')([], options));
  program
    .command('update')
    .description(
      'move bundles in rcs-lock.json (all, or the packages named) to the highest version their range accepts',
    )
    .argument('[packages...]', 'package names (default: every bundle in the lock file)')
    .option('-p, --properties <file>', `properties file (default ${DEFAULT_PROPERTIES_FILE})`)
    .option('--json', 'print JSON')
    .action(installCommand('update'));

  program
    .command('properties')
    .description('list every property ConnectorServer.properties may hold')
    .action(() => {
      process.stdout.write(`${propertiesTable()}\n`);
    });
  return program;
}

async function main(): Promise<void> {
  const { defines, rest } = extractDefineArgs(process.argv.slice(2));
  const program = createProgram(defines).exitOverride();
  try {
    await program.parseAsync(rest, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    fail(error);
  }
}

await main();
