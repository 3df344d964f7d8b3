/**
 * The two connectors of the Groovy Connector Toolkit bundle, built on `@rcskit/scripting`:
 *
 * - {@link ScriptedConnector} (`org.forgerock.openicf.connectors.groovy.ScriptedConnector`) is **not poolable**:
 *   the framework makes a new instance per operation (`create → init → operation → dispose`). That is cheap: the
 *   compiled scripts, the customizer hooks and `configuration.propertyBag` live in the configuration's script
 *   engine, which the framework keeps for the life of the facade (the configuration is stateful).
 * - {@link ScriptedPoolableConnector} (`…groovy.ScriptedPoolableConnector`) is **poolable**: the framework
 *   borrows instances from a pool. Each instance builds the schema once (from the schema script) and binds it as
 *   `schema` in every script it runs, so scripts can look attribute flags and types up without building it again.
 *
 * Every SPI call is forwarded to the engine with the operation's bindings (see `@rcskit/scripting`). Which
 * operations an initialised instance offers follows the configured scripts (see `./operations.ts`).
 *
 * @packageDocumentation
 */
import {
  type Attribute,
  type AuthenticateOp,
  type Connector,
  type ConnectorContext,
  ConnectorException,
  type CreateOp,
  type DeleteOp,
  type Filter,
  type FilterTranslator,
  type GuardedString,
  IllegalArgumentException,
  IllegalStateException,
  type ObjectClass,
  type OperationOptions,
  type PoolableConnector,
  type ResolveUsernameOp,
  type Schema,
  type SchemaOp,
  type ScriptContext,
  type ScriptOnConnectorOp,
  type ScriptOnResourceOp,
  type SearchOp,
  type SearchResultsHandler,
  type SpiOperation,
  type SyncOp,
  type SyncResultsHandler,
  type SyncToken,
  type TestOp,
  type Uid,
  type UpdateAttributeValuesOp,
} from '@rcskit/core';
import { type ScriptEngine, ScriptedConfiguration, ScriptedFilterTranslator } from '@rcskit/scripting';
import { scriptLoggerFor } from './logger.js';
import { narrowToOperations, scriptedOperationsOf } from './operations.js';

type Bindings = Readonly<Record<string, unknown>> | undefined;

/**
 * What both scripted connectors share: the configuration, its engine, the narrowed SPI surface and the
 * forwarding of every operation. Subclasses add per-call bindings with {@link bindingsFor}.
 */
export abstract class ScriptedConnectorBase
  implements
    Connector<ScriptedConfiguration>,
    AuthenticateOp,
    CreateOp,
    UpdateAttributeValuesOp,
    DeleteOp,
    ResolveUsernameOp,
    SchemaOp,
    SearchOp<Filter>,
    SyncOp,
    TestOp,
    ScriptOnConnectorOp,
    ScriptOnResourceOp
{
  #configuration: ScriptedConfiguration | undefined;
  #engine: ScriptEngine | undefined;
  #operations: readonly SpiOperation[] = [];
  #disposed = false;

  /** The short name that tags this connector's script logs (`ScriptedConnector`, …). */
  protected abstract get logName(): string;

  /**
   * Takes the configuration and its script engine. The scripts' `log` records go to `context.log` when the
   * framework gives one (unless a host called `setScriptLogger`), else to the bundle's default logger; see
   * `./logger.ts`.
   */
  init(configuration: ScriptedConfiguration, context?: ConnectorContext): void {
    if (!(configuration instanceof ScriptedConfiguration)) {
      throw new IllegalArgumentException(`${this.logName} needs a ScriptedConfiguration`);
    }
    this.#configuration = configuration;
    this.#engine = configuration.getScriptEngine({
      logger: scriptLoggerFor(configuration, context?.log),
      connectorName: this.logName,
    });
    this.#operations = Object.freeze(scriptedOperationsOf(this.#engine));
    narrowToOperations(this, this.#operations);
  }

  dispose(): void {
    this.#disposed = true;
  }

  getConfiguration(): ScriptedConfiguration {
    if (this.#configuration === undefined)
      throw new IllegalStateException(`${this.logName} is not initialised`);
    return this.#configuration;
  }

  /** The SPI operations this instance offers for its configuration's scripts (empty before `init`). */
  get operations(): readonly SpiOperation[] {
    return this.#operations;
  }

  /** Whether {@link dispose} was called. */
  protected get disposed(): boolean {
    return this.#disposed;
  }

  /** The configuration's script engine. */
  protected get engine(): ScriptEngine {
    if (this.#engine === undefined) throw new IllegalStateException(`${this.logName} is not initialised`);
    return this.#engine;
  }

  /** Extra bindings for one script run of an operation other than SCHEMA; none by default. */
  protected bindingsFor(): Promise<Bindings> {
    return Promise.resolve(undefined);
  }

  // ---- operations -----------------------------------------------------------------------------------------

  async authenticate(
    objectClass: ObjectClass,
    username: string,
    password: GuardedString,
    options: OperationOptions,
  ): Promise<Uid> {
    const bindings = await this.bindingsFor();
    return this.engine.authenticate({ objectClass, username, password, options, bindings });
  }

  async resolveUsername(objectClass: ObjectClass, username: string, options: OperationOptions): Promise<Uid> {
    const bindings = await this.bindingsFor();
    return this.engine.resolveUsername({ objectClass, username, options, bindings });
  }

  async create(
    objectClass: ObjectClass,
    attributes: readonly Attribute[],
    options: OperationOptions,
  ): Promise<Uid> {
    const bindings = await this.bindingsFor();
    return this.engine.create({ objectClass, attributes, options, bindings });
  }

  async update(
    objectClass: ObjectClass,
    uid: Uid,
    replaceAttributes: readonly Attribute[],
    options: OperationOptions,
  ): Promise<Uid> {
    const bindings = await this.bindingsFor();
    return this.engine.update({ objectClass, uid, attributes: replaceAttributes, options, bindings });
  }

  async addAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToAdd: readonly Attribute[],
    options: OperationOptions,
  ): Promise<Uid> {
    const bindings = await this.bindingsFor();
    return this.engine.update({
      objectClass,
      uid,
      attributes: valuesToAdd,
      options,
      bindings,
      operation: 'ADD_ATTRIBUTE_VALUES',
    });
  }

  async removeAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToRemove: readonly Attribute[],
    options: OperationOptions,
  ): Promise<Uid> {
    const bindings = await this.bindingsFor();
    return this.engine.update({
      objectClass,
      uid,
      attributes: valuesToRemove,
      options,
      bindings,
      operation: 'REMOVE_ATTRIBUTE_VALUES',
    });
  }

  async delete(objectClass: ObjectClass, uid: Uid, options: OperationOptions): Promise<void> {
    const bindings = await this.bindingsFor();
    await this.engine.delete({ objectClass, uid, options, bindings });
  }

  /** Runs the schema script (every call: a changed script shows with `recompileGroovySource`). */
  schema(): Promise<Schema> {
    return this.engine.schema();
  }

  createFilterTranslator(_objectClass: ObjectClass, _options: OperationOptions): FilterTranslator<Filter> {
    return new ScriptedFilterTranslator();
  }

  async executeQuery(
    objectClass: ObjectClass,
    query: Filter | null,
    handler: SearchResultsHandler,
    options: OperationOptions,
  ): Promise<void> {
    const bindings = await this.bindingsFor();
    await this.engine.search({ objectClass, filter: query, handler, options, bindings });
  }

  async sync(
    objectClass: ObjectClass,
    token: SyncToken | null,
    handler: SyncResultsHandler,
    options: OperationOptions,
  ): Promise<void> {
    const bindings = await this.bindingsFor();
    await this.engine.sync({ objectClass, token, handler, options, bindings });
  }

  async getLatestSyncToken(objectClass: ObjectClass): Promise<SyncToken | null> {
    const bindings = await this.bindingsFor();
    return this.engine.getLatestSyncToken({ objectClass, bindings });
  }

  /** Validates the configuration (roots, scripts, custom configuration), then runs the test script if any. */
  async test(): Promise<void> {
    const bindings = await this.bindingsFor();
    await this.engine.test({ bindings });
  }

  async runScriptOnConnector(request: ScriptContext, options: OperationOptions): Promise<unknown> {
    const bindings = await this.bindingsFor();
    return this.engine.runScriptOnConnector(request, options, bindings);
  }

  async runScriptOnResource(request: ScriptContext, options: OperationOptions): Promise<unknown> {
    const bindings = await this.bindingsFor();
    return this.engine.runScriptOnResource(request, options, bindings);
  }
}

/** `org.forgerock.openicf.connectors.groovy.ScriptedConnector`: a new instance per operation. */
export class ScriptedConnector extends ScriptedConnectorBase {
  protected get logName(): string {
    return 'ScriptedConnector';
  }
}

/**
 * `org.forgerock.openicf.connectors.groovy.ScriptedPoolableConnector`: pooled instances, each binding its schema
 * as `schema` in every script other than the schema script (null when no schema script is configured).
 */
export class ScriptedPoolableConnector
  extends ScriptedConnectorBase
  implements PoolableConnector<ScriptedConfiguration>
{
  protected get logName(): string {
    return 'ScriptedPoolableConnector';
  }

  /** The instance's schema: undefined until first needed, null without a schema script. */
  #schema: Schema | null | undefined;

  /** Usable while not disposed and its configuration's engine has not been released. */
  checkAlive(): void {
    if (this.disposed) throw new ConnectorException('ScriptedPoolableConnector has been disposed');
    if (!this.getConfiguration().hasScriptEngine) {
      throw new ConnectorException('ScriptedPoolableConnector: the configuration has been released');
    }
  }

  override dispose(): void {
    this.#schema = undefined;
    super.dispose();
  }

  /** Validates the configuration first, so a broken script is reported as such rather than by the schema build. */
  override async test(): Promise<void> {
    await this.getConfiguration().validate();
    await super.test();
  }

  /** Runs the schema script and keeps the result as this instance's bound `schema`. */
  override async schema(): Promise<Schema> {
    const schema = await super.schema();
    this.#schema = schema;
    return schema;
  }

  /** The schema this instance binds (built on first use). */
  async boundSchema(): Promise<Schema | null> {
    if (this.#schema === undefined) {
      this.#schema = this.engine.hasScript('SCHEMA') ? await super.schema() : null;
    }
    return this.#schema;
  }

  protected override async bindingsFor(): Promise<Bindings> {
    return { schema: await this.boundSchema() };
  }
}
