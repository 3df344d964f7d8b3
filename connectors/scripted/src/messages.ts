/**
 * The bundle's message catalogue (root locale): the two connectors' display names (the names IDM shows in
 * `availableConnectors`) and the display/help texts of every configuration property under the framework's default
 * keys `<property>.display` and `<property>.help`, plus the two property groups.
 *
 * @packageDocumentation
 */

/** Message key of {@link ScriptedConnector}'s display name. */
export const SCRIPTED_CONNECTOR_DISPLAY_KEY = 'groovy.connector.display';

/** Message key of {@link ScriptedPoolableConnector}'s display name. */
export const SCRIPTED_POOLABLE_CONNECTOR_DISPLAY_KEY = 'groovy.poolable.connector.display';

const script = (operation: string, extra = ''): string =>
  `Name of the script run for the ${operation} operation, resolved in scriptRoots (e.g. ${operation}Script.ts). ` +
  `Empty: the operation is not supported.${extra}`;

/** Root-locale messages. */
export const SCRIPTED_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  [SCRIPTED_CONNECTOR_DISPLAY_KEY]: 'Scripted Groovy Connector',
  [SCRIPTED_POOLABLE_CONNECTOR_DISPLAY_KEY]: 'Scripted Poolable Groovy Connector',
  'operation.scripts': 'Operation scripts',
  engine: 'Script engine',

  'authenticateScriptFileName.display': 'Authenticate script',
  'authenticateScriptFileName.help': script('Authenticate'),
  'createScriptFileName.display': 'Create script',
  'createScriptFileName.help': script('Create'),
  'updateScriptFileName.display': 'Update script',
  'updateScriptFileName.help': script(
    'Update',
    ' It also runs for addAttributeValues and removeAttributeValues (operation ADD_ATTRIBUTE_VALUES / REMOVE_ATTRIBUTE_VALUES).',
  ),
  'deleteScriptFileName.display': 'Delete script',
  'deleteScriptFileName.help': script('Delete'),
  'resolveUsernameScriptFileName.display': 'Resolve username script',
  'resolveUsernameScriptFileName.help': script('ResolveUsername'),
  'scriptOnResourceScriptFileName.display': 'Script on resource script',
  'scriptOnResourceScriptFileName.help': script(
    'ScriptOnResource',
    ' It receives the request text as scriptText, its language as scriptLanguage and its arguments as scriptArguments.',
  ),
  'searchScriptFileName.display': 'Search script',
  'searchScriptFileName.help': script('Search', ' Reads by id are searches too.'),
  'syncScriptFileName.display': 'Sync script',
  'syncScriptFileName.help': script('Sync', ' It also answers getLatestSyncToken.'),
  'schemaScriptFileName.display': 'Schema script',
  'schemaScriptFileName.help':
    'Name of the script that returns the Schema (builder.schema(…)). IDM needs it to register a connection.',
  'testScriptFileName.display': 'Test script',
  'testScriptFileName.help':
    'Name of the script run by the Test operation after the configuration is validated. Empty: test only validates.',
  'customizerScriptFileName.display': 'Customizer script',
  'customizerScriptFileName.help':
    'Name of a script run once when the script engine starts; it may register init/decorate/release hooks.',

  'scriptRoots.display': 'Script roots',
  'scriptRoots.help':
    'Directories (paths or file: URLs) where script names are looked up, in order. Relative paths resolve ' +
    'against the connector server’s working directory.',
  'scriptExtensions.display': 'Script extensions',
  'scriptExtensions.help':
    'Extensions tried, in order, for a script name without one (default js, mjs, ts, mts). groovy cannot run.',
  'recompileGroovySource.display': 'Reload changed scripts',
  'recompileGroovySource.help':
    'When true, a script (and every helper it imports) is reloaded after its file changes, without a restart.',
  'minimumRecompilationInterval.display': 'Minimum reload interval',
  'minimumRecompilationInterval.help': 'Milliseconds between two checks of one script file (default 100).',
  'customConfiguration.display': 'Custom configuration',
  'customConfiguration.help':
    "Groovy ConfigSlurper text (key1 = 'value1'; map1 { key2 = 'value2' }) that fills configuration.propertyBag.",
  'customSensitiveConfiguration.display': 'Custom sensitive configuration',
  'customSensitiveConfiguration.help':
    'Like customConfiguration but confidential; its keys override those of customConfiguration and its values ' +
    'are masked in script logs.',
  'scriptTimeoutMillis.display': 'Script timeout',
  'scriptTimeoutMillis.help':
    'rcskit: longest run of one script in milliseconds (0 = no limit); a longer run fails with OperationTimeoutException.',
  'enableScriptOnConnector.display': 'Enable script on connector',
  'enableScriptOnConnector.help':
    'rcskit: when false, runScriptOnConnector requests (system actions run on the connector) are rejected.',

  'warningLevel.display': 'Warning level',
  'warningLevel.help': 'Groovy compiler setting, accepted for compatibility and ignored.',
  'sourceEncoding.display': 'Source encoding',
  'sourceEncoding.help':
    'Groovy compiler setting, accepted for compatibility and ignored (scripts are UTF-8).',
  'targetDirectory.display': 'Target directory',
  'targetDirectory.help': 'Groovy compiler setting, accepted for compatibility and ignored.',
  'classpath.display': 'Classpath',
  'classpath.help': 'Groovy compiler setting, accepted for compatibility and ignored.',
  'verbose.display': 'Verbose',
  'verbose.help': 'Groovy compiler setting, accepted for compatibility and ignored.',
  'debug.display': 'Debug',
  'debug.help': 'Groovy compiler setting, accepted for compatibility and ignored.',
  'tolerance.display': 'Tolerance',
  'tolerance.help': 'Groovy compiler setting, accepted for compatibility and ignored.',
  'scriptBaseClass.display': 'Script base class',
  'scriptBaseClass.help': 'Groovy compiler setting, accepted for compatibility and ignored.',
  'disabledGlobalASTTransformations.display': 'Disabled global AST transformations',
  'disabledGlobalASTTransformations.help': 'Groovy compiler setting, accepted for compatibility and ignored.',
});
