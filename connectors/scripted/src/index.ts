/**
 * `@rcskit/connector-scripted`: the Groovy Connector Toolkit bundle with scripts in TypeScript and JavaScript. It
 * keeps the Java bundle's identity — bundle `org.forgerock.openicf.connectors.groovy-connector`, connectors
 * `org.forgerock.openicf.connectors.groovy.ScriptedConnector` and `…groovy.ScriptedPoolableConnector`, bundle
 * version 1.5.20.15 — so an IDM provisioner written for the Java toolkit selects it unchanged once its scripts are
 * ported.
 *
 * The server loads {@link scriptedConnector} and {@link scriptedPoolableConnector}, named in `package.json` under
 * `rcskit.bundle.connectors`.
 *
 * @packageDocumentation
 */
import { defineConnector } from '@rcskit/core';
import { type ScriptedConfiguration, ScriptedConfigurationClass } from '@rcskit/scripting';
import { ScriptedConnector, ScriptedPoolableConnector } from './connector.js';
import {
  SCRIPTED_CONNECTOR_DISPLAY_KEY,
  SCRIPTED_MESSAGES,
  SCRIPTED_POOLABLE_CONNECTOR_DISPLAY_KEY,
} from './messages.js';

/** The bundle name of the Java Groovy Connector Toolkit. */
export const GROOVY_BUNDLE_NAME = 'org.forgerock.openicf.connectors.groovy-connector';

/** Connector name of {@link scriptedConnector}. */
export const SCRIPTED_CONNECTOR_NAME = 'org.forgerock.openicf.connectors.groovy.ScriptedConnector';

/** Connector name of {@link scriptedPoolableConnector}. */
export const SCRIPTED_POOLABLE_CONNECTOR_NAME =
  'org.forgerock.openicf.connectors.groovy.ScriptedPoolableConnector';

/** The non-poolable scripted connector class (a new instance per operation). */
export const scriptedConnector = defineConnector<ScriptedConfiguration>({
  connectorName: SCRIPTED_CONNECTOR_NAME,
  configurationClass: ScriptedConfigurationClass,
  displayNameKey: SCRIPTED_CONNECTOR_DISPLAY_KEY,
  messages: { '': SCRIPTED_MESSAGES },
  create: () => new ScriptedConnector(),
});

/** The poolable scripted connector class (pooled instances with a bound `schema`). */
export const scriptedPoolableConnector = defineConnector<ScriptedConfiguration>({
  connectorName: SCRIPTED_POOLABLE_CONNECTOR_NAME,
  configurationClass: ScriptedConfigurationClass,
  displayNameKey: SCRIPTED_POOLABLE_CONNECTOR_DISPLAY_KEY,
  messages: { '': SCRIPTED_MESSAGES },
  create: () => new ScriptedPoolableConnector(),
});

export { ScriptedConnector, ScriptedConnectorBase, ScriptedPoolableConnector } from './connector.js';
export { scriptLogger, scriptLoggerFor, setScriptLogger, textScriptLogger } from './logger.js';
export {
  SCRIPTED_CONNECTOR_DISPLAY_KEY,
  SCRIPTED_MESSAGES,
  SCRIPTED_POOLABLE_CONNECTOR_DISPLAY_KEY,
} from './messages.js';
export { narrowToOperations, SCRIPTED_OPERATION_METHODS, scriptedOperationsOf } from './operations.js';
