/**
 * The start-up lines of the RCS, in the spirit of the Java RCS's console output: version, properties file, mode,
 * bundles, then where it listens or what it dials. Secrets never appear: configuration secrets are `Secret`s
 * (masked in every printable form) and only their presence is logged.
 *
 * @packageDocumentation
 */

import type { LoadedBundle } from '../bundles/load.js';
import type { BundlePlan } from '../bundles/plan.js';
import { redactUrl, type ServerConfig } from '../properties/server-config.js';
import type { Logger } from './logger.js';

/** First lines: who starts, with which properties, in which mode. */
export function logStartBanner(
  logger: Logger,
  config: ServerConfig,
  plan: Pick<BundlePlan, 'framework'>,
): void {
  const framework = plan.framework;
  logger.info(
    {
      version: framework.serverVersion,
      core: framework.coreVersion,
      transport: framework.transportVersion,
      node: process.version,
    },
    `rcskit connector server ${framework.serverVersion} starting`,
  );
  logger.info(
    { properties: config.propertiesFile ?? null, home: config.home },
    config.propertiesFile !== undefined
      ? `Using properties ${config.propertiesFile}`
      : 'No properties file found: using defaults and overrides',
  );
  logger.info({ mode: config.mode, reason: config.modeReason }, `Mode: ${config.mode}`);
  for (const warning of config.warnings) logger.warn(warning);
  if (config.mode === 'server' && config.defaultKey) {
    logger.warn('connectorserver.key is the default (changeit): set your own with `rcs setkey <key>`');
  }
  logger.debug({ configuration: summarizeConfig(config) }, 'Effective configuration');
}

/** A loggable summary of the configuration (secrets shown as set / not set). */
export function summarizeConfig(config: ServerConfig): Record<string, unknown> {
  const client = config.client;
  return {
    mode: config.mode,
    port: config.port,
    ifaddress: config.ifaddress ?? null,
    useSSL: config.useSSL,
    bundleDirs: config.bundleDirs,
    pins: config.pins.map((p) => `${p.label}: ${p.bundleName} ${p.range}`),
    pingPongIntervalMs: config.pingPongIntervalMs,
    groupCheckIntervalMs: config.groupCheckIntervalMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    keySet: !config.defaultKey,
    client:
      client === undefined
        ? null
        : {
            urls: client.urls.map(redactUrl),
            principal: client.oauth2 === undefined ? client.principal : null,
            passwordSet: client.password !== undefined,
            oauth2:
              client.oauth2 === undefined
                ? null
                : {
                    tokenEndpoint: client.oauth2.tokenEndpoint,
                    clientId: client.oauth2.clientId,
                    scope: client.oauth2.scope ?? null,
                  },
            webSocketConnections: client.webSocketConnections,
            housekeepingIntervalMs: client.housekeepingIntervalMs,
            connectionTtlMs: client.connectionTtlMs,
            newConnectionsIntervalMs: client.newConnectionsIntervalMs,
            maxReconnectIntervalMs: client.maxReconnectIntervalMs,
          },
  };
}

/** One line per installed bundle: served (with its connectors) or why not. */
export function logBundles(logger: Logger, plan: BundlePlan, loaded: readonly LoadedBundle[]): void {
  logger.info({ bundleDirs: plan.bundleDirs }, `Scanning bundle directories: ${plan.bundleDirs.join(', ')}`);
  for (const decision of plan.resolution.decisions) {
    const m = decision.manifest;
    if (decision.status === 'duplicate') {
      // Two packages claim one bundle key: a deployment mistake, named in full so it can be fixed.
      logger.warn(
        { bundle: m.bundleName, bundleVersion: m.bundleVersion, status: decision.status, path: m.dir },
        `Bundle ${m.bundleName} ${m.bundleVersion} (${m.packageName}@${m.packageVersion}, ${m.dir}) refused: ${decision.reason ?? decision.status}`,
      );
      continue;
    }
    if (decision.status !== 'serve') {
      logger.info(
        { bundle: m.bundleName, bundleVersion: m.bundleVersion, status: decision.status, path: m.dir },
        `Bundle ${m.bundleName} ${m.bundleVersion} not served: ${decision.reason ?? decision.status}`,
      );
      continue;
    }
    const bundle = loaded.find((b) => b.manifest === m);
    const connectors = bundle?.connectors.map((info) => info.connectorKey.connectorName) ?? [];
    logger.info(
      {
        bundle: m.bundleName,
        bundleVersion: m.bundleVersion,
        package: `${m.packageName}@${m.packageVersion}`,
        path: m.dir,
        pins: decision.pins.length > 0 ? decision.pins : undefined,
        connectors,
      },
      `Bundle loaded: ${m.bundleName} ${m.bundleVersion} (${connectors.length} connector${connectors.length === 1 ? '' : 's'})`,
    );
  }
  const count = loaded.reduce((n, b) => n + b.connectors.length, 0);
  if (count === 0) logger.warn('No connectors are served: install bundles in connectorserver.bundleDir');
}
