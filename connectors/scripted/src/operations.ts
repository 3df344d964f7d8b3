/**
 * The SPI surface of a scripted connector follows its configured scripts: no search script, no `SearchOp`.
 *
 * The framework finds a connector's operations by duck typing (`spiOperationsOf` looks for the methods of each
 * operation). The connector classes carry every method — that is what the class *can* do, what the runtime's
 * un-initialised probe sees and what IDM is told in the connector info, as the Java toolkit's classes implement
 * every interface. When an instance is initialised with a configuration, {@link narrowToOperations} hides the
 * methods of the operations without a script behind own non-enumerable `undefined` properties, so
 * `spiOperationsOf(instance)` then equals {@link scriptedOperationsOf} the configuration, and a runtime calling a
 * hidden method finds none and answers `Operation '<ApiOp>' not supported.` (UnsupportedOperationException: 404 in
 * IDM, as the seed describes for a missing search script).
 *
 * @packageDocumentation
 */
import { SPI_OPERATIONS, type SpiOperation } from '@rcskit/core';
import type { ScriptEngine } from '@rcskit/scripting';

/** The SPI operations a scripted connector class implements, with the methods that reveal each. */
export const SCRIPTED_OPERATION_METHODS: Readonly<Partial<Record<SpiOperation, readonly string[]>>> =
  Object.freeze({
    AuthenticateOp: ['authenticate'],
    ResolveUsernameOp: ['resolveUsername'],
    CreateOp: ['create'],
    DeleteOp: ['delete'],
    SearchOp: ['createFilterTranslator', 'executeQuery'],
    UpdateOp: ['update'],
    UpdateAttributeValuesOp: ['addAttributeValues', 'removeAttributeValues'],
    SchemaOp: ['schema'],
    TestOp: ['test'],
    ScriptOnConnectorOp: ['runScriptOnConnector'],
    ScriptOnResourceOp: ['runScriptOnResource'],
    SyncOp: ['sync', 'getLatestSyncToken'],
  });

/**
 * The SPI operations a connector instance offers for the scripts of its configuration: the engine's
 * `availableOperations()` (each operation whose script is configured, plus `TestOp` and `ScriptOnConnectorOp`),
 * with `UpdateAttributeValuesOp` beside `UpdateOp` — the update script also runs for add/remove values, with
 * `operation` set to `ADD_ATTRIBUTE_VALUES` / `REMOVE_ATTRIBUTE_VALUES`, as in the toolkit. In `SPI_OPERATIONS`
 * order.
 */
export function scriptedOperationsOf(engine: Pick<ScriptEngine, 'availableOperations'>): SpiOperation[] {
  const available = new Set<SpiOperation>(engine.availableOperations());
  if (available.has('UpdateOp')) available.add('UpdateAttributeValuesOp');
  return SPI_OPERATIONS.filter((op) => available.has(op) && SCRIPTED_OPERATION_METHODS[op] !== undefined);
}

/**
 * Hides on `instance` the methods of every scripted operation not in `operations` (own, non-enumerable,
 * `undefined` properties shadowing the class's methods), and shows again those of operations now in it.
 */
export function narrowToOperations(instance: object, operations: Iterable<SpiOperation>): void {
  const keep = new Set(operations);
  for (const [op, methods] of Object.entries(SCRIPTED_OPERATION_METHODS) as [SpiOperation, string[]][]) {
    for (const method of methods) {
      if (keep.has(op)) {
        if (Object.hasOwn(instance, method)) delete (instance as Record<string, unknown>)[method];
      } else {
        Object.defineProperty(instance, method, {
          value: undefined,
          enumerable: false,
          writable: false,
          configurable: true,
        });
      }
    }
  }
}
