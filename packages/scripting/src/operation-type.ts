/**
 * The operations a scripted connector runs scripts for (spec framework.md D.3, the toolkit's `OperationType`), the
 * configuration property that names each operation's script, and the SPI operation each one provides.
 *
 * @packageDocumentation
 */
import type { SpiOperation } from '@rcskit/core';

/** The value of the `operation` binding: which operation the script runs for. */
export type OperationType =
  | 'AUTHENTICATE'
  | 'CREATE'
  | 'UPDATE'
  | 'ADD_ATTRIBUTE_VALUES'
  | 'REMOVE_ATTRIBUTE_VALUES'
  | 'DELETE'
  | 'RESOLVE_USERNAME'
  | 'SCHEMA'
  | 'SEARCH'
  | 'SYNC'
  | 'GET_LATEST_SYNC_TOKEN'
  | 'TEST'
  | 'RUNSCRIPTONRESOURCE'
  | 'RUNSCRIPTONCONNECTOR';

/** The operation types as constants (`OperationType.SEARCH === 'SEARCH'`). */
export const OperationType = Object.freeze({
  AUTHENTICATE: 'AUTHENTICATE',
  CREATE: 'CREATE',
  UPDATE: 'UPDATE',
  ADD_ATTRIBUTE_VALUES: 'ADD_ATTRIBUTE_VALUES',
  REMOVE_ATTRIBUTE_VALUES: 'REMOVE_ATTRIBUTE_VALUES',
  DELETE: 'DELETE',
  RESOLVE_USERNAME: 'RESOLVE_USERNAME',
  SCHEMA: 'SCHEMA',
  SEARCH: 'SEARCH',
  SYNC: 'SYNC',
  GET_LATEST_SYNC_TOKEN: 'GET_LATEST_SYNC_TOKEN',
  TEST: 'TEST',
  RUNSCRIPTONRESOURCE: 'RUNSCRIPTONRESOURCE',
  RUNSCRIPTONCONNECTOR: 'RUNSCRIPTONCONNECTOR',
} as const satisfies Record<OperationType, OperationType>);

/** The configuration properties that name one operation script each (spec D.2, group `operation.scripts`). */
export type ScriptFileProperty =
  | 'authenticateScriptFileName'
  | 'createScriptFileName'
  | 'updateScriptFileName'
  | 'deleteScriptFileName'
  | 'resolveUsernameScriptFileName'
  | 'scriptOnResourceScriptFileName'
  | 'searchScriptFileName'
  | 'syncScriptFileName'
  | 'schemaScriptFileName'
  | 'testScriptFileName'
  | 'customizerScriptFileName';

/** Every {@link ScriptFileProperty}, in the order of spec D.2. */
export const SCRIPT_FILE_PROPERTIES: readonly ScriptFileProperty[] = Object.freeze([
  'authenticateScriptFileName',
  'createScriptFileName',
  'updateScriptFileName',
  'deleteScriptFileName',
  'resolveUsernameScriptFileName',
  'scriptOnResourceScriptFileName',
  'searchScriptFileName',
  'syncScriptFileName',
  'schemaScriptFileName',
  'testScriptFileName',
  'customizerScriptFileName',
]);

/**
 * The operation scripts that `validate()` loads and compiles (spec D.2 "Engine behaviour"): every script property
 * except the customizer's.
 */
export const OPERATION_SCRIPT_PROPERTIES: readonly ScriptFileProperty[] = Object.freeze(
  SCRIPT_FILE_PROPERTIES.filter((p) => p !== 'customizerScriptFileName'),
);

/**
 * The script property each operation type runs. `RUNSCRIPTONCONNECTOR` runs the request's own text and has none.
 */
export const SCRIPT_PROPERTY_OF: Readonly<
  Record<Exclude<OperationType, 'RUNSCRIPTONCONNECTOR'>, ScriptFileProperty>
> = Object.freeze({
  AUTHENTICATE: 'authenticateScriptFileName',
  CREATE: 'createScriptFileName',
  UPDATE: 'updateScriptFileName',
  ADD_ATTRIBUTE_VALUES: 'updateScriptFileName',
  REMOVE_ATTRIBUTE_VALUES: 'updateScriptFileName',
  DELETE: 'deleteScriptFileName',
  RESOLVE_USERNAME: 'resolveUsernameScriptFileName',
  SCHEMA: 'schemaScriptFileName',
  SEARCH: 'searchScriptFileName',
  SYNC: 'syncScriptFileName',
  GET_LATEST_SYNC_TOKEN: 'syncScriptFileName',
  TEST: 'testScriptFileName',
  RUNSCRIPTONRESOURCE: 'scriptOnResourceScriptFileName',
});

/**
 * The SPI operation each operation script provides. A connector following the configured scripts implements an
 * operation only when its script is configured (see `ScriptEngine.availableOperations`).
 */
export const SPI_OPERATION_OF: Readonly<
  Record<Exclude<ScriptFileProperty, 'customizerScriptFileName'>, SpiOperation>
> = Object.freeze({
  authenticateScriptFileName: 'AuthenticateOp',
  createScriptFileName: 'CreateOp',
  updateScriptFileName: 'UpdateOp',
  deleteScriptFileName: 'DeleteOp',
  resolveUsernameScriptFileName: 'ResolveUsernameOp',
  scriptOnResourceScriptFileName: 'ScriptOnResourceOp',
  searchScriptFileName: 'SearchOp',
  syncScriptFileName: 'SyncOp',
  schemaScriptFileName: 'SchemaOp',
  testScriptFileName: 'TestOp',
});
