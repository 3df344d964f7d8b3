/**
 * The scripted-connector configuration (spec framework.md D.2, the toolkit's `ScriptedConfiguration`): the
 * OpenICF property names and defaults, so a Groovy connector's `configurationProperties` carry over, plus two
 * rcskit properties. The Groovy compiler settings are accepted and ignored, so existing provisioner files still
 * apply (the framework rejects unknown property names).
 *
 * | Property | Type | Default | Notes |
 * |---|---|---|---|
 * | `scriptRoots` | String[] | null | **required**; directories (paths or `file:` URLs) the script names are resolved in, in order |
 * | `scriptExtensions` | String[] | `js, mjs, ts, mts` | extensions tried for a name without one; `groovy` is not supported |
 * | `authenticateScriptFileName`, `createScriptFileName`, `updateScriptFileName`, `deleteScriptFileName`, `resolveUsernameScriptFileName`, `scriptOnResourceScriptFileName`, `searchScriptFileName`, `syncScriptFileName`, `schemaScriptFileName`, `testScriptFileName` | String | null | the operation scripts; a blank name makes the operation unsupported (test excepted) |
 * | `customizerScriptFileName` | String | null | run once when the engine starts, with `configuration`, `log` and `customize` |
 * | `recompileGroovySource` | boolean | false | reload a script when its file (or a helper it imports) changes |
 * | `minimumRecompilationInterval` | int | 100 | ms between two checks of a script's file |
 * | `customConfiguration` | String | null | ConfigSlurper text merged into `propertyBag` without overwriting |
 * | `customSensitiveConfiguration` | GuardedString | null | confidential; merged with overwrite, redacted from script logs |
 * | `scriptTimeoutMillis` | int | 0 | rcskit: limit per script run in ms (0 = none); OperationTimeoutException when exceeded |
 * | `enableScriptOnConnector` | boolean | true | rcskit: false rejects `runScriptOnConnector` requests |
 * | `warningLevel` 1, `sourceEncoding` UTF-8, `targetDirectory`, `classpath` [], `verbose` false, `debug` false, `tolerance` 10, `scriptBaseClass`, `disabledGlobalASTTransformations` | | | Groovy compiler settings: accepted, ignored |
 *
 * The configuration is a {@link StatefulConfiguration}: the framework keeps one instance per connector facade, so
 * its script engine (compiled scripts, customizer hooks) and its `propertyBag` are shared by every connector
 * instance of the configuration, as in the toolkit.
 *
 * @packageDocumentation
 */
import {
  ConfigurationException,
  type ConfigurationPropertyMetadata,
  type ConnectorMessages,
  defineConfiguration,
  type GuardedString,
  type StatefulConfiguration,
} from '@rcskit/core';
import { ScriptEngine, type ScriptEngineOptions } from './engine.js';
import { SUPPORTED_SCRIPT_EXTENSIONS } from './loader.js';
import { type ScriptFileProperty, SPI_OPERATION_OF } from './operation-type.js';

/**
 * The shared map scripts reach as `configuration.propertyBag` (a plain object: `propertyBag.key1`,
 * `propertyBag.map1.key2`). Typed loosely so scripts can read nested values without casts.
 */
export type PropertyBag = Record<string, any>;

const SCRIPT_PROPERTY = (name: ScriptFileProperty): ConfigurationPropertyMetadata => ({
  name,
  type: 'String',
  groupMessageKey: 'operation.scripts',
  ...(name === 'customizerScriptFileName'
    ? {}
    : { operations: [SPI_OPERATION_OF[name as Exclude<ScriptFileProperty, 'customizerScriptFileName'>]] }),
});

const ENGINE = 'engine';

/**
 * The properties of {@link ScriptedConfiguration}, for configurations that extend it
 * (`defineConfiguration({ properties: [...SCRIPTED_CONFIGURATION_PROPERTIES, …], create })`).
 */
export const SCRIPTED_CONFIGURATION_PROPERTIES: readonly ConfigurationPropertyMetadata[] = Object.freeze([
  SCRIPT_PROPERTY('authenticateScriptFileName'),
  SCRIPT_PROPERTY('createScriptFileName'),
  SCRIPT_PROPERTY('updateScriptFileName'),
  SCRIPT_PROPERTY('deleteScriptFileName'),
  SCRIPT_PROPERTY('resolveUsernameScriptFileName'),
  SCRIPT_PROPERTY('scriptOnResourceScriptFileName'),
  SCRIPT_PROPERTY('searchScriptFileName'),
  SCRIPT_PROPERTY('syncScriptFileName'),
  SCRIPT_PROPERTY('schemaScriptFileName'),
  SCRIPT_PROPERTY('testScriptFileName'),
  SCRIPT_PROPERTY('customizerScriptFileName'),
  { name: 'scriptRoots', type: 'String[]', required: true, groupMessageKey: ENGINE },
  { name: 'scriptExtensions', type: 'String[]', groupMessageKey: ENGINE },
  { name: 'warningLevel', type: 'int', groupMessageKey: ENGINE },
  { name: 'sourceEncoding', type: 'String', groupMessageKey: ENGINE },
  { name: 'targetDirectory', type: 'File', groupMessageKey: ENGINE },
  { name: 'classpath', type: 'String[]', groupMessageKey: ENGINE },
  { name: 'verbose', type: 'boolean', groupMessageKey: ENGINE },
  { name: 'debug', type: 'boolean', groupMessageKey: ENGINE },
  { name: 'tolerance', type: 'int', groupMessageKey: ENGINE },
  { name: 'scriptBaseClass', type: 'String', groupMessageKey: ENGINE },
  { name: 'recompileGroovySource', type: 'boolean', groupMessageKey: ENGINE },
  { name: 'minimumRecompilationInterval', type: 'int', groupMessageKey: ENGINE },
  { name: 'disabledGlobalASTTransformations', type: 'String[]', groupMessageKey: ENGINE },
  { name: 'customConfiguration', type: 'String' },
  { name: 'customSensitiveConfiguration', type: 'GuardedString', confidential: true },
  { name: 'scriptTimeoutMillis', type: 'int', groupMessageKey: ENGINE },
  { name: 'enableScriptOnConnector', type: 'boolean', groupMessageKey: ENGINE },
]);

let instances = 0;

/**
 * The configuration of a scripted connector (see the module notes). Fields hold the property values; a connector
 * gets its engine with {@link getScriptEngine}.
 */
export class ScriptedConfiguration implements StatefulConfiguration {
  authenticateScriptFileName: string | null = null;
  createScriptFileName: string | null = null;
  updateScriptFileName: string | null = null;
  deleteScriptFileName: string | null = null;
  resolveUsernameScriptFileName: string | null = null;
  scriptOnResourceScriptFileName: string | null = null;
  searchScriptFileName: string | null = null;
  syncScriptFileName: string | null = null;
  schemaScriptFileName: string | null = null;
  testScriptFileName: string | null = null;
  customizerScriptFileName: string | null = null;

  scriptRoots: string[] | null = null;
  scriptExtensions: string[] = [...SUPPORTED_SCRIPT_EXTENSIONS];
  recompileGroovySource = false;
  minimumRecompilationInterval = 100;
  customConfiguration: string | null = null;
  customSensitiveConfiguration: GuardedString | null = null;
  scriptTimeoutMillis = 0;
  enableScriptOnConnector = true;

  // Groovy compiler settings: accepted for compatibility, not used.
  warningLevel = 1;
  sourceEncoding = 'UTF-8';
  targetDirectory: string | null = null;
  classpath: string[] = [];
  verbose = false;
  debug = false;
  tolerance = 10;
  scriptBaseClass: string | null = null;
  disabledGlobalASTTransformations: string[] | null = null;

  connectorMessages?: ConnectorMessages | undefined;

  /**
   * Values shared by every script of this configuration (and by its connector instances): filled from
   * `customConfiguration` and `customSensitiveConfiguration` when the engine starts, writable by scripts,
   * cleared by {@link release}.
   */
  readonly propertyBag: PropertyBag = {};

  readonly #id = ++instances;
  #engine: ScriptEngine | undefined;

  /**
   * The script engine of this configuration, created on the first call. The options of the first call that has
   * any apply (a call without options, such as {@link validate}'s, leaves them to the next one); later options
   * are ignored. Every connector instance of the configuration shares the engine.
   */
  getScriptEngine(options?: ScriptEngineOptions): ScriptEngine {
    if (this.#engine === undefined) this.#engine = new ScriptEngine(this, options);
    else if (options !== undefined) this.#engine.adoptOptions(options);
    return this.#engine;
  }

  /** Whether the engine has been created. */
  get hasScriptEngine(): boolean {
    return this.#engine !== undefined;
  }

  /**
   * Checks `scriptRoots`, the extensions and the custom configuration texts, then loads and compiles every
   * configured operation script (spec D.2).
   *
   * @throws ConfigurationException "Missing required 'scriptRoots' configuration property", for a root that is
   *   not a directory, a missing script file or a syntax error in the custom configuration; ConnectorException for
   *   a script that does not compile.
   */
  async validate(): Promise<void> {
    if (
      !this.scriptRoots ||
      this.scriptRoots.filter((r) => typeof r === 'string' && r.trim() !== '').length === 0
    ) {
      throw new ConfigurationException("Missing required 'scriptRoots' configuration property");
    }
    await this.getScriptEngine().validate();
  }

  /**
   * Releases the engine (calling the customizer's `release` hook first) and clears `propertyBag` (spec D.2
   * `release()`). A later {@link getScriptEngine} starts a new engine.
   */
  async release(): Promise<void> {
    const engine = this.#engine;
    this.#engine = undefined;
    try {
      if (engine) await engine.release();
    } finally {
      for (const key of Object.keys(this.propertyBag)) delete this.propertyBag[key];
    }
  }

  toString(): string {
    return `ScriptedConfiguration@${this.#id}`;
  }
}

/** The configuration descriptor of {@link ScriptedConfiguration} for `defineConnector`. */
export const ScriptedConfigurationClass = defineConfiguration({
  properties: SCRIPTED_CONFIGURATION_PROPERTIES,
  create: () => new ScriptedConfiguration(),
});
