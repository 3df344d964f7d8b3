/**
 * The scim-json example's scripts in-process, through both connector classes: the seed's schema scripts, the
 * search script's filter operators from `query()` (every leaf operation, AND/OR, NOT), the group class, an
 * unsupported class, attributesToGet and paging. The same behaviours over the real RCS are in e2e-rcs.test.ts.
 */
import {
  type Filter,
  FilterBuilder,
  ObjectClass,
  type Schema,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { ScriptedConnector, ScriptedPoolableConnector } from '../src/index.js';
import { attrValue, configure, exampleConfiguration, GROUPS, initialised, search, USERS } from './helpers.js';

function attributeSummary(schema: Schema, type: string): Record<string, { type: string; flags: string[] }> {
  const info = schema.findObjectClassInfo(type);
  if (!info) throw new Error(`no ${type} class`);
  const out: Record<string, { type: string; flags: string[] }> = {};
  for (const attribute of info.attributeInfos) {
    out[attribute.name] = { type: attribute.type, flags: [...attribute.flags].sort() };
  }
  return out;
}

describe('the example schema scripts', () => {
  it("MinimalSchemaScript: __ACCOUNT__ with __NAME__ only (the seed's `objectClass { }`)", async () => {
    const connector = initialised(
      new ScriptedConnector(),
      configure({ schemaScriptFileName: 'MinimalSchemaScript.ts' }),
    );
    const schema = await connector.schema();
    expect([...schema.objectClassInfo].map((c) => c.type)).toEqual([ObjectClass.ACCOUNT_NAME]);
    expect(Object.keys(attributeSummary(schema, ObjectClass.ACCOUNT_NAME))).toEqual(['__NAME__']);
  });

  it('SchemaScript: users with seven primitive attributes, groups with their SCIM structure', async () => {
    const connector = initialised(new ScriptedConnector(), exampleConfiguration());
    const schema = await connector.schema();
    expect([...schema.objectClassInfo].map((c) => c.type).sort()).toEqual(['groups', 'users']);
    const users = attributeSummary(schema, 'users');
    expect(Object.keys(users).sort()).toEqual(
      [
        '__NAME__',
        'active',
        'displayName',
        'familyName',
        'givenName',
        'middleName',
        'primaryEmail',
        'secondaryEmail',
      ].sort(),
    );
    expect(users.active).toEqual({ type: 'Boolean', flags: [] });
    expect(users.displayName).toEqual({ type: 'String', flags: [] });
    expect(users.secondaryEmail).toEqual({ type: 'String', flags: ['NOT_RETURNED_BY_DEFAULT'] });
    const groups = attributeSummary(schema, 'groups');
    expect(Object.keys(groups).sort()).toEqual(['__NAME__', 'displayName', 'members', 'schemas']);
    expect(groups.members).toEqual({ type: 'Map', flags: ['MULTIVALUED', 'REQUIRED'] });
    expect(groups.schemas).toEqual({
      type: 'String',
      flags: ['MULTIVALUED', 'NOT_RETURNED_BY_DEFAULT', 'NOT_UPDATEABLE'],
    });
  });
});

describe('script names', () => {
  it('a script file that does not exist fails test, naming it', async () => {
    const connector = initialised(
      new ScriptedConnector(),
      configure({ searchScriptFileName: 'NoSuchScript.ts' }),
    );
    await expect(connector.test()).rejects.toThrow(/NoSuchScript\.ts/);
  });
});

describe('the example search script', () => {
  const connector = () => initialised(new ScriptedConnector(), exampleConfiguration());
  const names = async (filter: Filter | null) => (await search(connector(), USERS, filter)).names.sort();
  const F = FilterBuilder;

  it('returns the 19 users, bjensen as in the seed', async () => {
    const { objects } = await search(connector(), USERS);
    expect(objects).toHaveLength(19);
    const babs = objects.find((o) => o.name.nameValue === 'bjensen');
    expect(babs?.uid.uidValue).toBe('2819c223-7f76-453a-919d-413861904646');
    expect(attrValue(babs, 'displayName')).toBe('Ms. Barbara J Jensen III');
    expect(attrValue(babs, 'givenName')).toBe('Barbara');
    expect(attrValue(babs, 'middleName')).toBe('Jane');
    expect(attrValue(babs, 'familyName')).toBe('Jensen');
    expect(attrValue(babs, 'primaryEmail')).toBe('bjensen@example.com');
    expect(attrValue(babs, 'active')).toBe(false);
    // NOT_RETURNED_BY_DEFAULT and not asked for.
    expect(babs?.getAttributeByName('secondaryEmail')).toBeUndefined();
  });

  it('filters with every query() leaf operation, ignoring case', async () => {
    expect(await names(F.equalTo('givenName', 'Barbara'))).toEqual(['bjensen']);
    expect(await names(F.equalTo('givenName', 'barbara'))).toEqual(['bjensen']);
    expect(await names(F.contains('familyName', 'son'))).toEqual([
      'dwilson',
      'ejohnson',
      'kanderson',
      'mjackson',
    ]);
    expect(await names(F.startsWith('givenName', 'J'))).toEqual(['jsmith', 'jsmith2', 'jtaylor']);
    expect(await names(F.endsWith('displayName', 'III'))).toEqual(['bjensen']);
    expect(await names(F.greaterThan('givenName', 'M'))).toEqual([
      'mbrown',
      'mjackson',
      'nharris',
      'oclark',
      'plewis',
    ]);
    expect(await names(F.greaterThanOrEqualTo('givenName', 'Mia'))).toEqual([
      'mjackson',
      'nharris',
      'oclark',
      'plewis',
    ]);
    expect(await names(F.lessThan('givenName', 'C'))).toEqual(['ajensen', 'bjensen']);
    expect(await names(F.lessThanOrEqualTo('givenName', 'Carl'))).toEqual(['ajensen', 'bjensen', 'cgreen']);
    expect(await names(F.present('middleName'))).toEqual([
      'bjensen',
      'dwilson',
      'gmartinez',
      'jsmith',
      'jtaylor',
      'mbrown',
      'mjackson',
      'plewis',
    ]);
    expect(await names(F.equalTo('active', true))).toHaveLength(13);
    expect(await names(F.startsWith('__NAME__', 'j'))).toEqual(['jsmith', 'jsmith2', 'jtaylor']);
    expect(await names(F.equalTo('__UID__', '2819c223-7f76-453a-919d-413861904646'))).toEqual(['bjensen']);
  });

  it('AND, OR and NOT', async () => {
    // The seed's `(givenName eq "Barbara" or givenName eq "Jane") and familyName eq "Jensen"`.
    const seed = F.and(
      F.or(F.equalTo('givenName', 'Barbara'), F.equalTo('givenName', 'Jane')),
      F.equalTo('familyName', 'Jensen'),
    );
    expect(await names(seed)).toEqual(['bjensen']);
    expect(await names(F.or(F.equalTo('givenName', 'Barbara'), F.equalTo('familyName', 'Smith')))).toEqual([
      'bjensen',
      'jsmith',
      'jsmith2',
    ]);
    // `!(middleName pr)`: the 11 users without a middle name.
    const without = await names(F.not(F.present('middleName')));
    expect(without).toHaveLength(11);
    expect(without).not.toContain('bjensen');
    // NOT pushed down through AND: !(givenName sw "J" and familyName eq "Smith").
    expect(
      await names(F.not(F.and(F.startsWith('givenName', 'J'), F.equalTo('familyName', 'Smith')))),
    ).toHaveLength(17);
  });

  it('groups keep their SCIM structure; other classes are unsupported with the seed message', async () => {
    const all = await search(connector(), GROUPS);
    expect(all.objects.map((o) => attrValue(o, 'displayName'))).toEqual([
      'Tour Guides',
      'Employees',
      'Contractors',
    ]);
    const guides = all.objects[0];
    expect(guides?.uid.uidValue).toBe('e9e30dba-f08f-4109-8486-d5c6a331660a');
    expect(guides?.name.nameValue).toBe('e9e30dba-f08f-4109-8486-d5c6a331660a');
    const members = guides?.getAttributeByName('members')?.value as Map<string, unknown>[];
    expect(members[0]?.get('display')).toBe('Babs Jensen');
    expect(guides?.getAttributeByName('schemas')).toBeUndefined();
    expect((await search(connector(), GROUPS, F.equalTo('displayName', 'contractors'))).objects).toHaveLength(
      1,
    );

    const failure = search(connector(), ObjectClass.ACCOUNT);
    await expect(failure).rejects.toBeInstanceOf(UnsupportedOperationException);
    await expect(failure).rejects.toThrow('SEARCH operation of type: __ACCOUNT__ is not supported.');
  });

  it('attributesToGet: only those; the poolable connector takes the defaults from its bound schema', async () => {
    const only = await search(connector(), USERS, F.equalTo('__NAME__', 'bjensen'), {
      attributesToGet: ['__NAME__', 'secondaryEmail'],
    });
    expect(only.objects[0]?.attributes.map((a) => a.name).sort()).toEqual([
      '__NAME__',
      '__UID__',
      'secondaryEmail',
    ]);
    expect(attrValue(only.objects[0], 'secondaryEmail')).toBe('babs@jensen.org');

    const pooled = initialised(new ScriptedPoolableConnector(), exampleConfiguration());
    const defaults = await search(pooled, USERS, F.equalTo('__NAME__', 'bjensen'));
    expect(defaults.objects[0]?.attributes.map((a) => a.name).sort()).toEqual(
      [
        '__NAME__',
        '__UID__',
        'active',
        'displayName',
        'familyName',
        'givenName',
        'middleName',
        'primaryEmail',
      ].sort(),
    );
  });

  it('pages by cookie (base64url of the last uid) and by offset, sorted with __UID__ last', async () => {
    const c = connector();
    const seen: string[] = [];
    let cookie: string | null = null;
    let pages = 0;
    do {
      const page = await search(c, USERS, null, { pageSize: 4, cookie });
      seen.push(...page.uids);
      cookie = page.result?.pagedResultsCookie ?? null;
      if (cookie !== null) expect(Buffer.from(cookie, 'base64url').toString()).toBe(page.uids.at(-1));
      pages++;
    } while (cookie !== null && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(19);
    expect(seen).toEqual([...seen].sort());

    const third = await search(c, USERS, null, { pageSize: 4, offset: 8 });
    expect(third.uids).toEqual(seen.slice(8, 12));
    const last = await search(c, USERS, null, { pageSize: 4, offset: 16 });
    expect(last.uids).toEqual(seen.slice(16));
    expect(last.result?.pagedResultsCookie ?? null).toBeNull();
  });
});
