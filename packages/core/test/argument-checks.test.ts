import { describe, expect, it } from 'vitest';
import {
  ALL_OBJECT_CLASS_MESSAGE,
  checkAttributeSetArgument,
  checkAuthenticateArguments,
  checkCreateArguments,
  checkDeleteArguments,
  checkGetArguments,
  checkGetLatestSyncTokenArguments,
  checkResolveUsernameArguments,
  checkScriptArguments,
  checkSearchArguments,
  checkSubscribeArguments,
  checkSyncArguments,
  checkUpdateArguments,
  checkValuesToChange,
  rejectAllObjectClass,
  requireHandlerArgument,
  requireObjectClassArgument,
  requireUidArgument,
  UPDATE_ATTRIBUTES_PARAMETER,
  type UpdateApiMethod,
} from '../src/api/argument-checks.js';
import {
  IllegalArgumentException,
  InvalidAttributeValueException,
  NullPointerException,
  UnsupportedOperationException,
} from '../src/errors.js';
import { Attribute, AttributeBuilder, Name, Uid } from '../src/objects/attribute.js';
import { ObjectClass } from '../src/objects/object-class.js';
import { ScriptContext } from '../src/objects/script.js';
import { GuardedString } from '../src/values/guarded.js';

const ACCOUNT = ObjectClass.ACCOUNT;
const ALL = ObjectClass.ALL;
const UID = new Uid('u1');
const handler = () => true;
const password = new GuardedString('secret');
const script = new ScriptContext('JavaScript', '1 + 1');
const mail = (...values: string[]) => AttributeBuilder.build('mail', ...values);
/** Bypasses the parameter types, as a JavaScript caller can. */
const bad = <T>(value: unknown) => value as T;

type ErrorClass = new (message?: string) => Error;

/** A case: the check to run and either `'ok'` or the exact class and message it must throw. */
interface Case {
  readonly name: string;
  readonly run: () => unknown;
  readonly expected: 'ok' | readonly [ErrorClass, string];
}

const npe = (what: string) => [NullPointerException, `Parameter '${what}' must not be null.`] as const;
const notObjectClass = [IllegalArgumentException, "Parameter 'objectClass' must be an ObjectClass."] as const;
const notUid = [IllegalArgumentException, "Parameter 'uid' must be a Uid."] as const;
const notFunction = [IllegalArgumentException, "Parameter 'handler' must be a function."] as const;
const allRefused = [
  UnsupportedOperationException,
  'Operation is not allowed on __ALL__ object class',
] as const;
const containsNull = (what: string) =>
  [NullPointerException, `Parameter '${what}' must not contain null.`] as const;
const containsUid = (what: string) =>
  [InvalidAttributeValueException, `Parameter '${what}' must not contain the '__UID__' attribute.`] as const;
const duplicate = (name: string) =>
  [InvalidAttributeValueException, `Duplicate attribute name exists: ${name}`] as const;

/** The checks every attribute set gets, for the set named `what` and a check taking only the set. */
function attributeSetCases(what: string, check: (set: Iterable<Attribute> | null) => unknown): Case[] {
  return [
    {
      name: `${what}: a valid set`,
      run: () => check([AttributeBuilder.build('cn', 'n'), mail('a')]),
      expected: 'ok',
    },
    { name: `${what}: an empty set`, run: () => check([]), expected: 'ok' },
    {
      name: `${what}: names differing only in case are not duplicates`,
      run: () => check([mail('a'), AttributeBuilder.build('MAIL', 'b')]),
      expected: 'ok',
    },
    {
      name: `${what}: a generator is read once`,
      run: () =>
        check(
          (function* () {
            yield mail('a');
          })(),
        ),
      expected: 'ok',
    },
    { name: `${what}: null`, run: () => check(null), expected: npe(what) },
    { name: `${what}: undefined`, run: () => check(bad(undefined)), expected: npe(what) },
    { name: `${what}: a null entry`, run: () => check(bad([mail('a'), null])), expected: containsNull(what) },
    { name: `${what}: an undefined entry`, run: () => check(bad([undefined])), expected: containsNull(what) },
    {
      name: `${what}: an entry that is not an Attribute`,
      run: () => check(bad([mail('a'), { name: 'cn', value: ['x'] }])),
      expected: [IllegalArgumentException, `Parameter '${what}' must contain only Attribute objects.`],
    },
    {
      name: `${what}: __UID__`,
      run: () => check([new Name('n'), new Uid('x')]),
      expected: containsUid(what),
    },
    {
      name: `${what}: __uid__ built by name`,
      run: () => check([new Attribute('__uid__', ['x'])]),
      expected: containsUid(what),
    },
    {
      name: `${what}: a duplicate name`,
      run: () => check([mail('a'), mail('b')]),
      expected: duplicate('mail'),
    },
    {
      name: `${what}: a duplicate __NAME__`,
      run: () => check([new Name('a'), new Name('b')]),
      expected: duplicate('__NAME__'),
    },
  ];
}

/** The object class checks of an operation, `all` telling whether `__ALL__` is accepted. */
function objectClassCases(op: string, check: (oc: ObjectClass | null) => unknown, all: boolean): Case[] {
  return [
    { name: `${op}: valid`, run: () => check(ACCOUNT), expected: 'ok' },
    { name: `${op}: a custom object class`, run: () => check(new ObjectClass('person')), expected: 'ok' },
    { name: `${op}: null objectClass`, run: () => check(null), expected: npe('objectClass') },
    { name: `${op}: undefined objectClass`, run: () => check(bad(undefined)), expected: npe('objectClass') },
    {
      name: `${op}: an objectClass that is a string`,
      run: () => check(bad('__ACCOUNT__')),
      expected: notObjectClass,
    },
    { name: `${op}: __ALL__`, run: () => check(ALL), expected: all ? 'ok' : allRefused },
    {
      name: `${op}: __all__`,
      run: () => check(new ObjectClass('__all__')),
      expected: all ? 'ok' : allRefused,
    },
  ];
}

/** The uid checks of an operation. */
function uidCases(op: string, check: (uid: Uid | null) => unknown): Case[] {
  return [
    { name: `${op}: null uid`, run: () => check(null), expected: npe('uid') },
    { name: `${op}: undefined uid`, run: () => check(bad(undefined)), expected: npe('uid') },
    { name: `${op}: a uid that is a string`, run: () => check(bad('u1')), expected: notUid },
    {
      name: `${op}: a uid that is an Attribute named __UID__`,
      run: () => check(bad(new Attribute('__UID__', ['u1']))),
      expected: notUid,
    },
  ];
}

/** The handler checks of an operation. */
function handlerCases(op: string, check: (h: unknown) => unknown): Case[] {
  return [
    { name: `${op}: null handler`, run: () => check(null), expected: npe('handler') },
    { name: `${op}: undefined handler`, run: () => check(undefined), expected: npe('handler') },
    {
      name: `${op}: a handler that is an object`,
      run: () => check({ handle: handler }),
      expected: notFunction,
    },
  ];
}

const UPDATE_METHODS: UpdateApiMethod[] = ['update', 'addAttributeValues', 'removeAttributeValues'];

const cases: Case[] = [
  // create
  ...objectClassCases('create', (oc) => checkCreateArguments(oc, [new Name('n')]), false),
  ...attributeSetCases('createAttributes', (set) => checkCreateArguments(ACCOUNT, set)),
  {
    name: 'create: the object class is checked before the set',
    run: () => checkCreateArguments(ALL, null),
    expected: allRefused,
  },
  // update, addAttributeValues, removeAttributeValues
  ...UPDATE_METHODS.flatMap((method) => [
    ...objectClassCases(method, (oc) => checkUpdateArguments(method, oc, UID, [mail('a')]), false),
    ...uidCases(method, (uid) => checkUpdateArguments(method, ACCOUNT, uid, [mail('a')])),
    ...attributeSetCases(UPDATE_ATTRIBUTES_PARAMETER[method], (set) =>
      checkUpdateArguments(method, ACCOUNT, UID, set),
    ),
    {
      name: `${method}: the uid is checked before the set`,
      run: () => checkUpdateArguments(method, ACCOUNT, null, null),
      expected: npe('uid'),
    },
  ]),
  {
    name: 'update: a null value list (clears the attribute)',
    run: () => checkUpdateArguments('update', ACCOUNT, UID, [new Attribute('mail', null)]),
    expected: 'ok',
  },
  {
    name: 'update: operational attributes and __NAME__',
    run: () =>
      checkUpdateArguments('update', ACCOUNT, UID, [AttributeBuilder.buildEnabled(true), new Name('n')]),
    expected: 'ok',
  },
  ...(['addAttributeValues', 'removeAttributeValues'] as const).flatMap((method): Case[] => [
    {
      name: `${method}: an empty value list`,
      run: () => checkUpdateArguments(method, ACCOUNT, UID, [new Attribute('mail', [])]),
      expected: 'ok',
    },
    {
      name: `${method}: a null value list`,
      run: () => checkUpdateArguments(method, ACCOUNT, UID, [mail('a'), new Attribute('groups', null)]),
      expected: [IllegalArgumentException, "Can not add or remove a 'null' value ('groups')."],
    },
    {
      name: `${method}: an operational attribute`,
      run: () => checkUpdateArguments(method, ACCOUNT, UID, [AttributeBuilder.buildEnabled(true)]),
      expected: [IllegalArgumentException, "Operational attribute '__ENABLE__' can not be added or removed."],
    },
    {
      name: `${method}: __NAME__`,
      run: () => checkUpdateArguments(method, ACCOUNT, UID, [new Name('n')]),
      expected: [IllegalArgumentException, "Operational attribute '__NAME__' can not be added or removed."],
    },
    {
      name: `${method}: the set rules come first`,
      run: () => checkUpdateArguments(method, ACCOUNT, UID, [new Name('a'), new Name('b')]),
      expected: duplicate('__NAME__'),
    },
  ]),
  // delete, get
  ...objectClassCases('delete', (oc) => checkDeleteArguments(oc, UID), false),
  ...uidCases('delete', (uid) => checkDeleteArguments(ACCOUNT, uid)),
  ...objectClassCases('getObject', (oc) => checkGetArguments(oc, UID), false),
  ...uidCases('getObject', (uid) => checkGetArguments(ACCOUNT, uid)),
  {
    name: 'getObject: the object class is checked before the uid',
    run: () => checkGetArguments(null, null),
    expected: npe('objectClass'),
  },
  // search, sync, getLatestSyncToken, subscriptions
  ...objectClassCases('search', (oc) => checkSearchArguments(oc, handler), false),
  ...handlerCases('search', (h) => checkSearchArguments(ACCOUNT, h)),
  ...objectClassCases('sync', (oc) => checkSyncArguments(oc, handler), true),
  ...handlerCases('sync', (h) => checkSyncArguments(ACCOUNT, h)),
  ...objectClassCases('getLatestSyncToken', (oc) => checkGetLatestSyncTokenArguments(oc), true),
  ...objectClassCases('subscribe', (oc) => checkSubscribeArguments(oc, handler), true),
  ...handlerCases('subscribe', (h) => checkSubscribeArguments(ACCOUNT, h)),
  // authenticate, resolveUsername
  ...objectClassCases('authenticate', (oc) => checkAuthenticateArguments(oc, 'alice', password), false),
  {
    name: 'authenticate: null username',
    run: () => checkAuthenticateArguments(ACCOUNT, null, password),
    expected: npe('username'),
  },
  {
    name: 'authenticate: null password',
    run: () => checkAuthenticateArguments(ACCOUNT, 'alice', null),
    expected: npe('password'),
  },
  {
    name: 'authenticate: an empty username',
    run: () => checkAuthenticateArguments(ACCOUNT, '', password),
    expected: 'ok',
  },
  ...objectClassCases('resolveUsername', (oc) => checkResolveUsernameArguments(oc, 'alice'), false),
  {
    name: 'resolveUsername: null username',
    run: () => checkResolveUsernameArguments(ACCOUNT, null),
    expected: npe('username'),
  },
  // scripts
  { name: 'script: valid', run: () => checkScriptArguments(script), expected: 'ok' },
  { name: 'script: null request', run: () => checkScriptArguments(null), expected: npe('request') },
  { name: 'script: undefined request', run: () => checkScriptArguments(undefined), expected: npe('request') },
];

describe('API argument checks', () => {
  it('has unique case names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name', ({ run, expected }) => {
    if (expected === 'ok') {
      expect(run).not.toThrow();
      return;
    }
    const [cls, message] = expected;
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown, 'expected a throw').toBeInstanceOf(Error);
    expect((thrown as Error).constructor).toBe(cls);
    expect((thrown as Error).message).toBe(message);
  });
});

describe('what the checks return', () => {
  it('returns the checked arguments, the attribute set read once into an array', () => {
    let reads = 0;
    const set = {
      *[Symbol.iterator]() {
        reads++;
        yield new Name('n');
        yield mail('a');
      },
    };
    const created = checkCreateArguments(ACCOUNT, set);
    expect(reads).toBe(1);
    expect(created.objectClass).toBe(ACCOUNT);
    expect(created.attributes.map((a) => a.name)).toEqual(['__NAME__', 'mail']);

    const updated = checkUpdateArguments('addAttributeValues', ACCOUNT, UID, [mail('b')]);
    expect(updated.uid).toBe(UID);
    expect(updated.attributes).toEqual([mail('b')]);
    expect(checkDeleteArguments(ACCOUNT, UID)).toEqual({ objectClass: ACCOUNT, uid: UID });
    expect(checkGetArguments(ACCOUNT, UID)).toEqual({ objectClass: ACCOUNT, uid: UID });
    expect(checkSearchArguments(ACCOUNT, handler).handler).toBe(handler);
    expect(checkSyncArguments(ALL, handler)).toEqual({ objectClass: ALL, handler });
    expect(checkGetLatestSyncTokenArguments(ALL)).toBe(ALL);
    expect(checkAuthenticateArguments(ACCOUNT, 'alice', password)).toEqual({
      objectClass: ACCOUNT,
      username: 'alice',
      password,
    });
    expect(checkResolveUsernameArguments(ACCOUNT, 'bob')).toEqual({ objectClass: ACCOUNT, username: 'bob' });
    expect(checkScriptArguments(script)).toBe(script);
  });

  it('exposes the building blocks with the same messages', () => {
    expect(requireObjectClassArgument(ACCOUNT)).toBe(ACCOUNT);
    expect(requireUidArgument(UID)).toBe(UID);
    expect(requireHandlerArgument(handler)).toBe(handler);
    expect(() => requireHandlerArgument(null, 'observer')).toThrow(
      new NullPointerException("Parameter 'observer' must not be null."),
    );
    expect(() => requireHandlerArgument(1, 'observer')).toThrow(
      new IllegalArgumentException("Parameter 'observer' must be a function."),
    );
    expect(() => rejectAllObjectClass(ALL)).toThrow(
      new UnsupportedOperationException(ALL_OBJECT_CLASS_MESSAGE),
    );
    expect(() => rejectAllObjectClass(ACCOUNT)).not.toThrow();
    expect(checkAttributeSetArgument([mail('a')], 'attrs')).toEqual([mail('a')]);
    expect(() => checkValuesToChange([mail('a')])).not.toThrow();
    expect(UPDATE_ATTRIBUTES_PARAMETER).toEqual({
      update: 'replaceAttributes',
      addAttributeValues: 'valuesToAdd',
      removeAttributeValues: 'valuesToRemove',
    });
  });
});
