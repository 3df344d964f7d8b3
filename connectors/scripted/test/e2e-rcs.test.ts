/**
 * End to end: the real `rcs run` (server mode) starts from the scim-json example's `conf/ConnectorServer.properties`
 * in the example's directory and serves this bundle; transport's remote facade plays IDM with the example's
 * `conf/provisioner.openicf-groovy.json` (its connectorRef, configurationProperties and systemActions) and replays
 * the behaviours the scripted-connectors seed documents.
 *
 * IDM's HTTP layer is the gateway's job; here each seed request is expressed as what IDM sends the connector
 * server — a core Filter and OperationOptions — and named in the test. Like IDM, a query without `_fields` asks
 * for the attributes the provisioner's objectTypes return by default; `*` means those too.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConnectorException,
  type ConnectorObject,
  type Filter,
  FilterBuilder,
  GuardedString,
  isBoxed,
  ObjectClass,
  ScriptContext,
  type SearchResult,
  Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import { toWireValue } from '@rcskit/scripting';
import {
  ClientEndpoint,
  connectOpenIcf,
  type PeerChannel,
  type RemoteConnectorFacade,
  RemoteConnectorInfoManager,
} from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPTED_CONNECTOR_NAME, SCRIPTED_POOLABLE_CONNECTOR_NAME } from '../src/index.js';
import {
  EXAMPLE,
  exampleCopy,
  GROUPS,
  SEED_CUSTOM_SENSITIVE_CONFIGURATION,
  SEED_PROPERTY_PATHS,
  type SearchOptions,
  searchOptions,
  USERS,
} from './helpers.js';
import { ensureBundleBuilt, freePort, type Rcs, startRcs } from './rcs.js';

interface Action {
  readonly systemType: string;
  readonly actionType: string;
  readonly actionSource: string;
}

interface Provisioner {
  readonly connectorRef: { bundleName: string; bundleVersion: string; connectorName: string };
  readonly configurationProperties: Record<string, unknown>;
  readonly resultsHandlerConfig: Record<string, boolean>;
  readonly systemActions: readonly { scriptId: string; actions: readonly Action[] }[];
  readonly objectTypes: Record<string, { properties: Record<string, { flags?: string[] }> }>;
}

const PROVISIONER: Provisioner = JSON.parse(
  readFileSync(join(EXAMPLE, 'conf', 'provisioner.openicf-groovy.json'), 'utf8'),
);
const BABS = '2819c223-7f76-453a-919d-413861904646';

/** What IDM asks for without `_fields` (and for `*`): the objectType's properties returned by default. */
function defaultFields(type: string): string[] {
  const properties = PROVISIONER.objectTypes[type]?.properties ?? {};
  return Object.entries(properties)
    .filter(([, p]) => !(p.flags ?? []).includes('NOT_RETURNED_BY_DEFAULT'))
    .map(([name]) => name);
}

/** Wire values as plain JSON-like values (boxed numbers → numbers, Maps → objects). */
function plain(value: unknown): unknown {
  if (isBoxed(value)) return Number((value as { value: unknown }).value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (value instanceof Set) return [...value].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function value(object: ConnectorObject | undefined, name: string): unknown {
  const values = object?.getAttributeByName(name)?.value;
  return values && values.length === 1 ? plain(values[0]) : values?.map(plain);
}

/** The seed's `systemActions` selection: the actions of `scriptId` whose systemType matches the connector name. */
function actionsOf(scriptId: string, connectorName: string): Action[] {
  const entry = PROVISIONER.systemActions.find((a) => a.scriptId === scriptId);
  return (entry?.actions ?? []).filter((a) => new RegExp(`^(?:${a.systemType})$`).test(connectorName));
}

/**
 * The script log records in the RCS's output: its JSON log lines that carry a `script` field (script logs go to
 * the server's log, tagged with the connector's identity).
 */
function scriptRecords(output: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (typeof record.script === 'string') records.push(record);
    } catch {
      // not a log record
    }
  }
  return records;
}

/** A request body as IDM hands it to the connector server: JSON (undefined dropped), numbers as Integer/Double. */
function scriptArguments(body: Record<string, unknown>): Map<string, unknown> {
  const json = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  return new Map(Object.entries(json).map(([k, v]) => [k, toWireValue(v)]));
}

describe('rcs run with the scripted bundle: the seed replayed over the wire', () => {
  let rcs: Rcs;
  let channel: PeerChannel;
  let manager: RemoteConnectorInfoManager;

  beforeAll(async () => {
    ensureBundleBuilt();
    const port = await freePort();
    rcs = startRcs(
      [
        'run',
        '--properties',
        join(EXAMPLE, 'conf', 'ConnectorServer.properties'),
        `-Dconnectorserver.port=${port}`,
        '-Dconnectorserver.ifaddress=127.0.0.1',
        '-Dconnectorserver.logFormat=json',
      ],
      EXAMPLE,
      { RCSKIT_SCRIPT_LOG_LEVEL: 'info' },
    );
    await rcs.waitFor(/Connector server listening on/);
    channel = await connectOpenIcf({
      url: `ws://127.0.0.1:${port}/openicf`,
      key: 'Passw0rd',
      localEndpoint: new ClientEndpoint(),
    });
    manager = await RemoteConnectorInfoManager.load(channel);
  }, 60_000);

  afterAll(async () => {
    await channel?.close();
    // SIGTERM: operations finish, sockets close, rcs exits 0.
    if (rcs) expect(await rcs.stop('SIGTERM')).toBe(0);
  });

  /** A facade for the provisioner's connector with its configurationProperties and `overrides`. */
  function facade(
    overrides: Record<string, unknown> = {},
    connectorName = PROVISIONER.connectorRef.connectorName,
  ): RemoteConnectorFacade {
    const { bundleName, bundleVersion } = PROVISIONER.connectorRef;
    const info = manager.findConnectorInfo(bundleName, bundleVersion, connectorName);
    if (!info) throw new Error(`no connector ${bundleName} ${bundleVersion} ${connectorName}`);
    return manager.createFacade(info, {
      configurationProperties: { ...PROVISIONER.configurationProperties, ...overrides },
      resultsHandlerConfiguration: PROVISIONER.resultsHandlerConfig,
    });
  }

  async function query(
    target: RemoteConnectorFacade,
    objectClass: ObjectClass,
    filter: Filter | null,
    options: SearchOptions = {},
  ): Promise<{ objects: ConnectorObject[]; result: SearchResult | null; names: string[] }> {
    const objects: ConnectorObject[] = [];
    const collect = (object: ConnectorObject) => {
      objects.push(object);
      return true;
    };
    const result = await target.search(objectClass, filter, collect, searchOptions(options));
    return { objects, result, names: objects.map((o) => o.name.nameValue) };
  }

  it('loads the bundle and advertises both connectors under the seed connectorRef', () => {
    expect(rcs.output()).toContain(
      '"msg":"Bundle loaded: org.forgerock.openicf.connectors.groovy-connector 1.5.20.15 (2 connectors)"',
    );
    const { bundleName } = PROVISIONER.connectorRef;
    for (const range of ['1.5.20.15', '[1.5.0.0,1.6.0.0)']) {
      for (const [name, display] of [
        [SCRIPTED_CONNECTOR_NAME, 'Scripted Groovy Connector'],
        [SCRIPTED_POOLABLE_CONNECTOR_NAME, 'Scripted Poolable Groovy Connector'],
      ] as const) {
        const info = manager.findConnectorInfo(bundleName, range, name);
        expect(info?.connectorKey.bundleVersion).toBe('1.5.20.15');
        expect(info?.messages.format(info.connectorDisplayNameKey, '')).toBe(display);
      }
    }
  });

  it('minimal schema script: __ACCOUNT__ with __NAME__; no search script: search unsupported', async () => {
    const minimal = facade({ schemaScriptFileName: 'MinimalSchemaScript.ts', searchScriptFileName: null });
    const schema = await minimal.schema();
    expect([...(schema?.objectClassInfo ?? [])].map((c) => c.type)).toEqual(['__ACCOUNT__']);
    const account = schema?.findObjectClassInfo('__ACCOUNT__');
    expect([...(account?.attributeInfos ?? [])].map((a) => [a.name, a.type])).toEqual([
      ['__NAME__', 'String'],
    ]);
    // The seed: without a search script, search requests answer 404 (UnsupportedOperationException).
    const search = query(minimal, ObjectClass.ACCOUNT, null);
    await expect(search).rejects.toBeInstanceOf(UnsupportedOperationException);
    await expect(search).rejects.toThrow("Operation 'SearchApiOp' not supported.");
    // The seed's log-only search script: an empty result instead.
    const empty = facade({
      schemaScriptFileName: 'MinimalSchemaScript.ts',
      searchScriptFileName: 'EmptySearchScript.ts',
    });
    expect((await query(empty, ObjectClass.ACCOUNT, null)).objects).toEqual([]);
  });

  it("example schema: the seed's users and groups attributes and flags; only scripted operations supported", async () => {
    const schema = await facade().schema();
    const users = schema?.findObjectClassInfo('users');
    const summary = (type: string) =>
      Object.fromEntries(
        [...(schema?.findObjectClassInfo(type)?.attributeInfos ?? [])].map((a) => [
          a.name,
          [a.type, ...[...a.flags].sort()],
        ]),
      );
    expect(summary('users')).toEqual({
      __NAME__: ['String', 'REQUIRED'],
      active: ['Boolean'],
      displayName: ['String'],
      givenName: ['String'],
      middleName: ['String'],
      familyName: ['String'],
      primaryEmail: ['String'],
      secondaryEmail: ['String', 'NOT_RETURNED_BY_DEFAULT'],
    });
    expect(summary('groups')).toEqual({
      __NAME__: ['String', 'REQUIRED'],
      displayName: ['String'],
      members: ['Map', 'MULTIVALUED', 'REQUIRED'],
      schemas: ['String', 'MULTIVALUED', 'NOT_RETURNED_BY_DEFAULT', 'NOT_UPDATEABLE'],
    });
    const supported = (
      op: Parameters<NonNullable<typeof schema>['getSupportedObjectClassesByOperation']>[0],
    ) => [...(schema?.getSupportedObjectClassesByOperation(op) ?? [])].map((c) => c.type).sort();
    expect(supported('SearchApiOp')).toEqual(['groups', 'users']);
    expect(supported('CreateApiOp')).toEqual([]);
    expect(users).toBeDefined();
  });

  it('_queryFilter=true: the 19 users, bjensen as the seed shows her, no secondaryEmail, no cookie', async () => {
    const { objects, result } = await query(facade(), USERS, null, {
      attributesToGet: defaultFields('users'),
    });
    expect(objects).toHaveLength(19);
    const babs = objects.find((o) => o.uid.uidValue === BABS);
    expect(Object.fromEntries(babs?.attributes.map((a) => [a.name, plain(a.value?.[0])]) ?? [])).toEqual({
      __UID__: BABS,
      __NAME__: 'bjensen',
      displayName: 'Ms. Barbara J Jensen III',
      primaryEmail: 'bjensen@example.com',
      middleName: 'Jane',
      active: false,
      givenName: 'Barbara',
      familyName: 'Jensen',
    });
    expect(result?.pagedResultsCookie ?? null).toBeNull();
  });

  it('_queryFilter=true&_fields=__NAME__ and _fields=*,secondaryEmail (attributesToGet)', async () => {
    const names = await query(facade(), USERS, null, { attributesToGet: ['__NAME__'] });
    expect(names.objects).toHaveLength(19);
    expect(
      names.objects.every(
        (o) =>
          o.attributes
            .map((a) => a.name)
            .sort()
            .join() === '__NAME__,__UID__',
      ),
    ).toBe(true);

    const all = await query(facade(), USERS, null, {
      attributesToGet: [...defaultFields('users'), 'secondaryEmail'],
    });
    const babs = all.objects.find((o) => o.uid.uidValue === BABS);
    expect(value(babs, 'secondaryEmail')).toBe('babs@jensen.org');
    expect(value(babs, 'displayName')).toBe('Ms. Barbara J Jensen III');
  });

  it('read by id (GET /system/groovy/users/<id>): found, and not found', async () => {
    const options = searchOptions({ attributesToGet: defaultFields('users') });
    const found = await facade().getObject(USERS, new Uid(BABS), options);
    expect(found?.name.nameValue).toBe('bjensen');
    expect(value(found ?? undefined, 'givenName')).toBe('Barbara');
    expect(
      await facade().getObject(USERS, new Uid('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'), options),
    ).toBeNull();
  });

  it('_queryFilter=(givenName eq "Barbara" or givenName eq "Jane") and familyName eq "Jensen", and an OR', async () => {
    const F = FilterBuilder;
    const attributesToGet = defaultFields('users');
    const seed = F.and(
      F.or(F.equalTo('givenName', 'Barbara'), F.equalTo('givenName', 'Jane')),
      F.equalTo('familyName', 'Jensen'),
    );
    expect((await query(facade(), USERS, seed, { attributesToGet })).names).toEqual(['bjensen']);
    const either = F.or(F.equalTo('givenName', 'Barbara'), F.equalTo('familyName', 'Smith'));
    expect((await query(facade(), USERS, either, { attributesToGet })).names.sort()).toEqual([
      'bjensen',
      'jsmith',
      'jsmith2',
    ]);
    const notMiddle = F.not(F.present('middleName'));
    expect((await query(facade(), USERS, notMiddle, { attributesToGet })).names).toHaveLength(11);
  });

  it('_pageSize=4: pages through every user with the cookie until it is null', async () => {
    const target = facade();
    const uids: string[] = [];
    const cookies: (string | null)[] = [];
    let cookie: string | null = null;
    do {
      const page = await query(target, USERS, null, { pageSize: 4, cookie, attributesToGet: ['__NAME__'] });
      expect(page.objects.length).toBeLessThanOrEqual(4);
      uids.push(...page.objects.map((o) => o.uid.uidValue));
      cookie = page.result?.pagedResultsCookie ?? null;
      cookies.push(cookie);
      // The cookie is the base64url of the page's last uid (the seed's `encodeBase64Url()`).
      if (cookie !== null) expect(Buffer.from(cookie, 'base64url').toString('utf8')).toBe(uids.at(-1));
    } while (cookie !== null && cookies.length < 10);
    expect(cookies).toHaveLength(5);
    expect(cookies.at(-1)).toBeNull();
    expect(new Set(uids).size).toBe(19);
    expect(uids).toEqual([...uids].sort());

    // _pagedResultsOffset=8: the third page, and the cookie to go on from it.
    const third = await query(target, USERS, null, { pageSize: 4, offset: 8, attributesToGet: ['__NAME__'] });
    expect(third.objects.map((o) => o.uid.uidValue)).toEqual(uids.slice(8, 12));
    expect(third.result?.pagedResultsCookie).toBe(Buffer.from(uids[11] ?? '').toString('base64url'));
  });

  it('_sortKeys=displayName,-__NAME__ with _pageSize=4 and _fields=__NAME__,displayName', async () => {
    const target = facade();
    const names: string[] = [];
    let cookie: string | null = null;
    do {
      const page = await query(target, USERS, null, {
        pageSize: 4,
        cookie,
        sortKeys: ['displayName', '-__NAME__'],
        attributesToGet: ['__NAME__', 'displayName'],
      });
      names.push(...page.names);
      cookie = page.result?.pagedResultsCookie ?? null;
    } while (cookie !== null && names.length < 40);
    expect(names).toEqual([
      'ajensen', // Anne Jensen
      'cgreen',
      'dwilson',
      'ejohnson',
      'fgarcia',
      'gmartinez',
      'hlee',
      'iwhite',
      'jtaylor', // James Taylor
      'jsmith2', // Jane Smith, -__NAME__: jsmith2 before jsmith
      'jsmith',
      'kanderson',
      'lthomas',
      'mbrown', // Mary Brown
      'mjackson', // Mia Jackson
      'bjensen', // Ms. Barbara J Jensen III
      'nharris',
      'oclark',
      'plewis',
    ]);
  });

  it("groups, and an object class the script does not handle: the seed's message", async () => {
    const groups = await query(facade(), GROUPS, null, { attributesToGet: defaultFields('groups') });
    expect(groups.objects.map((o) => value(o, 'displayName'))).toEqual([
      'Tour Guides',
      'Employees',
      'Contractors',
    ]);
    const members = value(groups.objects[0], 'members') as Record<string, string>[];
    expect(members[0]).toEqual({
      value: BABS,
      $ref: `https://example.com/v2/Users/${BABS}`,
      display: 'Babs Jensen',
    });
    const account = query(facade(), ObjectClass.ACCOUNT, null);
    await expect(account).rejects.toBeInstanceOf(UnsupportedOperationException);
    await expect(account).rejects.toThrow('SEARCH operation of type: __ACCOUNT__ is not supported.');
  });

  it("customConfiguration: the seed's eight propertyBag values; customSensitiveConfiguration overrides", async () => {
    const bagOf = async (target: RemoteConnectorFacade) => {
      const [action] = actionsOf('propertyBag', SCRIPTED_CONNECTOR_NAME);
      const bag = plain(
        await target.runScriptOnConnector(new ScriptContext(action!.actionType, action!.actionSource)),
      ) as Record<string, unknown>;
      return SEED_PROPERTY_PATHS.map((path) =>
        path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], bag),
      );
    };
    const plainTarget = facade();
    await plainTarget.test();
    expect(await bagOf(plainTarget)).toEqual([
      'value1',
      'value2',
      'value3',
      'value4',
      'value5',
      'value6',
      'value7',
      'value8',
    ]);

    const sensitive = facade({
      customSensitiveConfiguration: new GuardedString(SEED_CUSTOM_SENSITIVE_CONFIGURATION),
    });
    await sensitive.test();
    expect(await bagOf(sensitive)).toEqual([
      'sensitive-value1',
      'value2',
      'sensitive-value3',
      'value4',
      'sensitive-value5',
      'value6',
      'sensitive-value7',
      'value8',
    ]);

    // The test script's log lines (the seed's println of each value), in the RCS's own log at INFO, tagged with
    // the connector: sensitive values are masked.
    const output = rcs.output();
    const records = scriptRecords(output);
    const testLine = records.find((r) => r.msg === 'This is TEST script');
    expect(testLine).toMatchObject({
      level: 30,
      component: 'connector',
      bundleName: 'org.forgerock.openicf.connectors.groovy-connector',
      bundleVersion: '1.5.20.15',
      connectorName: SCRIPTED_CONNECTOR_NAME,
      connector: 'ScriptedConnector',
      operation: 'TEST',
    });
    expect(String(testLine?.script)).toMatch(/TestScript\.ts$/);
    const testMessages = records.filter((r) => r.operation === 'TEST').map((r) => r.msg);
    expect(testMessages).toContain('propertyBag.map3.key2 = value8');
    expect(testMessages).toContain('propertyBag.key1 = ****');
    expect(output).not.toContain('propertyBag.key1 = sensitive-value1');
  });

  it('system action script-1 run on connector: bindings listing, [1, 2, 3], 4 * 4 = 16; systemType filters', async () => {
    const actions = actionsOf('script-1', SCRIPTED_CONNECTOR_NAME);
    expect(actions).toHaveLength(3); // the ScriptedRESTConnector action does not match
    expect(actionsOf('script-1', SCRIPTED_POOLABLE_CONNECTOR_NAME)).toHaveLength(0);
    const target = facade();
    const args = scriptArguments({ arg1: 'value1' });
    const results = [];
    for (const action of actions) {
      results.push(
        plain(
          await target.runScriptOnConnector(new ScriptContext(action.actionType, action.actionSource, args)),
        ),
      );
    }
    expect(results[0]).toMatch(
      /^\[arg1:value1, operation:RUNSCRIPTONCONNECTOR, options:OperationOptions: \{.*\}, configuration:ScriptedConfiguration@\d+, log:.*\]$/,
    );
    expect(results.slice(1)).toEqual([[1, 2, 3], 16]);
    expect(rcs.output()).toContain('actionSource bindings: [arg1:value1, operation:RUNSCRIPTONCONNECTOR');
  });

  it('run on connector: request arguments of every JSON type; a non-serialisable result fails', async () => {
    const target = facade();
    const args = scriptArguments({
      arg1: 'value1',
      arg2: { arg3: 1, arg4: 1.1, arg5: ['value3', 'value4'], arg6: true, arg7: null, arg8: undefined },
    });
    const describe = `({
      arg1, arg2,
      types: Object.fromEntries(Object.entries(arg2).map(([k, v]) =>
        [k, v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v])),
    })`;
    const result = plain(await target.runScriptOnConnector(new ScriptContext('javascript', describe, args)));
    expect(result).toEqual({
      arg1: 'value1',
      arg2: { arg3: 1, arg4: 1.1, arg5: ['value3', 'value4'], arg6: true, arg7: null },
      types: { arg3: 'integer', arg4: 'number', arg5: 'array', arg6: 'boolean', arg7: 'null' },
    });

    const failure = target.runScriptOnConnector(new ScriptContext('javascript', 'new Date(0)'));
    await expect(failure).rejects.toBeInstanceOf(ConnectorException);
    await expect(failure).rejects.toThrow(/No serializer for class: Date/);
  });

  it('run on resource: script-2 evaluates its two action files; script-1 text is evaluated with args', async () => {
    const target = facade();
    const args = scriptArguments({ arg1: 'value1' });
    const run = async (scriptId: string) => {
      const results: unknown[] = [];
      for (const action of actionsOf(scriptId, SCRIPTED_CONNECTOR_NAME)) {
        results.push(
          plain(
            await target.runScriptOnResource(new ScriptContext(action.actionType, action.actionSource, args)),
          ),
        );
      }
      return results;
    };
    expect(await run('script-2')).toEqual([[1, 2], { a: 'a', b: 'b' }]);
    const script1 = await run('script-1');
    expect(script1[0]).toMatch(/^\[args:\{"arg1":"value1"\}, log:/);
    expect(script1.slice(1)).toEqual([[1, 2, 3], 16]);
    const onResource = scriptRecords(rcs.output())
      .filter((r) => r.operation === 'RUNSCRIPTONRESOURCE')
      .map((r) => String(r.msg));
    expect(onResource.join('\n')).toContain(
      'scriptArguments:{"arg1":"value1"}, scriptText:ScriptOnResourceScript.script-2.action-0.ts, scriptLanguage:typescript',
    );
    expect(onResource.some((m) => m.startsWith('actionSource bindings: [args:{"arg1":"value1"}, log:'))).toBe(
      true,
    );

    // Run on connector, script-2's text is a file name, not a script: it fails (the seed's "No such property"
    // errors), here as the TypeScript syntax error it is.
    const [first] = actionsOf('script-2', SCRIPTED_CONNECTOR_NAME);
    await expect(
      target.runScriptOnConnector(new ScriptContext(first!.actionType, first!.actionSource, args)),
    ).rejects.toThrow(/^Syntax error in runScriptOnConnector/);
  });

  it('ScriptedPoolableConnector: same scripts, pooled, defaults from its bound schema', async () => {
    const pooled = facade({}, SCRIPTED_POOLABLE_CONNECTOR_NAME);
    await pooled.test();
    // No attributesToGet at all: the search script takes the defaults from the bound schema.
    const objects: ConnectorObject[] = [];
    await pooled.search(USERS, FilterBuilder.equalTo('__NAME__', 'bjensen'), (o) => {
      objects.push(o);
      return true;
    });
    expect(objects.map((o) => o.name.nameValue)).toEqual(['bjensen']);
    expect(objects[0]?.getAttributeByName('secondaryEmail')).toBeUndefined();
    expect(value(objects[0], 'primaryEmail')).toBe('bjensen@example.com');
  });

  it('recompileGroovySource: editing a script while the RCS runs changes the next result', async () => {
    const root = exampleCopy();
    const target = facade({
      scriptRoots: [join(root, 'scripts')],
      recompileGroovySource: true,
      minimumRecompilationInterval: 1,
    });
    const attributes = async () =>
      [...((await target.schema())?.findObjectClassInfo('users')?.attributeInfos ?? [])].map((a) => a.name);
    expect(await attributes()).not.toContain('nickName');

    const schemaFile = join(root, 'scripts', 'SchemaScript.ts');
    writeFileSync(
      schemaFile,
      readFileSync(schemaFile, 'utf8').replace(
        'primaryEmail: [],',
        'primaryEmail: [],\n        nickName: [],',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await attributes()).toContain('nickName');

    // An action file read by the run-on-resource script changes too (read on every call).
    const action = join(root, 'scripts', 'ScriptOnResourceScript.script-2.action-0.ts');
    appendFileSync(action, '[1, 2, 3, 4];\n');
    const [first] = actionsOf('script-2', SCRIPTED_CONNECTOR_NAME);
    expect(
      plain(await target.runScriptOnResource(new ScriptContext(first!.actionType, first!.actionSource))),
    ).toEqual([1, 2, 3, 4]);
  });
});
