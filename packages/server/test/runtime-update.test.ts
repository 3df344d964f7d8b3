import {
  Attribute,
  AttributeBuilder,
  IllegalArgumentException,
  InvalidAttributeValueException,
  Name,
  ObjectClass,
  Uid,
  UnknownUidException,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  customConnector,
  facadeFor,
  memoryConnector,
  newState,
  poolableConnector,
  put,
} from './runtime-helpers.js';

const ACCOUNT = ObjectClass.ACCOUNT;
const attr = (name: string, ...values: string[]) => AttributeBuilder.build(name, ...values);

describe('create', () => {
  it('creates through the connector and returns the Uid', async () => {
    const state = newState();
    const facade = facadeFor(memoryConnector(state));
    const uid = await facade.create(ACCOUNT, [new Name('dave'), attr('mail', 'd@x')]);
    expect(uid?.uidValue).toBe('dave');
    expect(state.store.get('dave')?.get('mail')).toEqual(['d@x']);
    await facade.dispose();
  });

  it('rejects __UID__, __ALL__ and duplicate names (case-sensitive) before any connector is made', async () => {
    const state = newState();
    const facade = facadeFor(memoryConnector(state));
    await expect(facade.create(ACCOUNT, [new Name('x'), new Uid('x')])).rejects.toThrow(
      InvalidAttributeValueException,
    );
    await expect(facade.create(ObjectClass.ALL, [new Name('x')])).rejects.toThrow(
      'Operation is not allowed on __ALL__ object class',
    );
    await expect(
      facade.create(ACCOUNT, [new Name('x'), attr('mail', 'a'), attr('mail', 'b')]),
    ).rejects.toThrow('Duplicate attribute name exists: mail');
    expect(state.inits).toBe(0);
    // Names that differ only in case are not duplicates for this check.
    await expect(
      facade.create(ACCOUNT, [new Name('y'), attr('mail', 'a'), attr('MAIL', 'b')]),
    ).resolves.toEqual(new Uid('y'));
    await facade.dispose();
  });
});

describe('update, delete', () => {
  it('replaces values and refuses __UID__ in the set', async () => {
    const state = newState();
    put(state, 'alice', { mail: ['a@x'] });
    const facade = facadeFor(memoryConnector(state));
    expect(await facade.update(ACCOUNT, new Uid('alice'), [attr('mail', 'new@x')])).toEqual(new Uid('alice'));
    expect(state.store.get('alice')?.get('mail')).toEqual(['new@x']);
    await expect(facade.update(ACCOUNT, new Uid('alice'), [new Uid('bob')])).rejects.toThrow(
      InvalidAttributeValueException,
    );
    await expect(facade.update(ObjectClass.ALL, new Uid('alice'), [])).rejects.toThrow(
      UnsupportedOperationException,
    );
    await facade.dispose();
  });

  it('deletes, refusing __ALL__', async () => {
    const state = newState();
    put(state, 'alice', {});
    const facade = facadeFor(memoryConnector(state));
    await facade.delete(ACCOUNT, new Uid('alice'));
    expect(state.store.has('alice')).toBe(false);
    await expect(facade.delete(ACCOUNT, new Uid('alice'))).rejects.toThrow(UnknownUidException);
    await expect(facade.delete(ObjectClass.ALL, new Uid('alice'))).rejects.toThrow(
      UnsupportedOperationException,
    );
    await facade.dispose();
  });
});

describe('addAttributeValues / removeAttributeValues emulated through get + update', () => {
  function setup() {
    const state = newState();
    put(state, 'alice', { groups: ['g1'], mail: ['a@x'], cn: ['Alice'] });
    return { state, facade: facadeFor(memoryConnector(state)) };
  }

  it('appends values (duplicates allowed), fetching only the changed attributes', async () => {
    const { state, facade } = setup();
    const uid = await facade.addAttributeValues(ACCOUNT, new Uid('alice'), [
      attr('groups', 'g2', 'g1'),
      attr('phone', '1'),
    ]);
    expect(uid).toEqual(new Uid('alice'));
    const call = state.calls.at(-1)!;
    expect(call.method).toBe('update');
    expect(call.attributes.map((a) => [a.name, a.value])).toEqual([
      ['groups', ['g1', 'g2', 'g1']],
      ['phone', ['1']],
    ]);
    expect(state.store.get('alice')?.get('groups')).toEqual(['g1', 'g2', 'g1']);
    await facade.dispose();
  });

  it('removes the first occurrence of each value; an emptied attribute becomes null; absent ones are skipped', async () => {
    const { state, facade } = setup();
    state.store.get('alice')!.set('groups', ['g1', 'g2', 'g1']);
    await facade.removeAttributeValues(ACCOUNT, new Uid('alice'), [attr('groups', 'g1', 'nope')]);
    expect(state.store.get('alice')?.get('groups')).toEqual(['g2', 'g1']);

    await facade.removeAttributeValues(ACCOUNT, new Uid('alice'), [
      attr('groups', 'g1', 'g2'),
      attr('absent', 'x'),
    ]);
    const call = state.calls.at(-1)!;
    expect(call.attributes).toHaveLength(1);
    expect(call.attributes[0]).toEqual(new Attribute('groups', null));
    expect(state.store.get('alice')?.get('groups')).toBeNull();

    const before = state.calls.length;
    expect(await facade.removeAttributeValues(ACCOUNT, new Uid('alice'), [attr('absent', 'x')])).toEqual(
      new Uid('alice'),
    );
    expect(state.calls.length).toBe(before);
    await facade.dispose();
  });

  it('fails with UnknownUidException for a missing object', async () => {
    const { facade } = setup();
    await expect(
      facade.addAttributeValues(ACCOUNT, new Uid('nobody'), [attr('groups', 'g')]),
    ).rejects.toThrow(UnknownUidException);
    await facade.dispose();
  });

  it('refuses null value lists, operational attributes and __NAME__', async () => {
    const { facade } = setup();
    const uid = new Uid('alice');
    await expect(facade.addAttributeValues(ACCOUNT, uid, [new Attribute('groups', null)])).rejects.toThrow(
      "Can not add or remove a 'null' value",
    );
    await expect(
      facade.addAttributeValues(ACCOUNT, uid, [AttributeBuilder.buildEnabled(true)]),
    ).rejects.toThrow("Operational attribute '__ENABLE__' can not be added or removed.");
    await expect(facade.removeAttributeValues(ACCOUNT, uid, [new Name('x')])).rejects.toThrow(
      IllegalArgumentException,
    );
    await facade.dispose();
  });

  it('needs SearchOp to emulate', async () => {
    const updateOnly = customConnector('test.UpdateOnly', () => ({
      init() {},
      dispose() {},
      getConfiguration() {
        return undefined;
      },
      update: (_oc: ObjectClass, uid: Uid) => uid,
    }));
    const facade = facadeFor(updateOnly);
    await expect(facade.addAttributeValues(ACCOUNT, new Uid('a'), [attr('groups', 'g')])).rejects.toThrow(
      UnsupportedOperationException,
    );
    await facade.dispose();
  });
});

describe('addAttributeValues / removeAttributeValues on a connector with UpdateAttributeValuesOp', () => {
  it('calls the connector’s own methods', async () => {
    const state = newState();
    put(state, 'alice', { groups: ['g1'] });
    const facade = facadeFor(poolableConnector(state));
    await facade.addAttributeValues(ACCOUNT, new Uid('alice'), [attr('groups', 'g2')]);
    await facade.removeAttributeValues(ACCOUNT, new Uid('alice'), [attr('groups', 'g1')]);
    expect(state.calls.map((c) => [c.method, c.attributes.map((a) => a.value)])).toEqual([
      ['addAttributeValues', [['g2']]],
      ['removeAttributeValues', [['g1']]],
    ]);
    await facade.dispose();
  });
});
