/**
 * The argument checks of the API operations (spec framework.md A.2, B.5–B.7, C.5): what a connector facade
 * verifies before it does any work, whether it runs the connector in this process or sends the call to a
 * remote server. Both facades call the same function for an operation, so a caller gets the same exception class
 * and message for the same bad input either way (and a remote facade sends nothing for it).
 *
 * The checks, in the order they run:
 *
 * - `objectClass` not null (`NullPointerException`) and an {@link ObjectClass} (`IllegalArgumentException`);
 * - `__ALL__` refused (`UnsupportedOperationException`) by every operation except sync and getLatestSyncToken;
 * - `uid` not null and a {@link Uid};
 * - an attribute set (create, update, add/remove values) not null, without null entries, without `__UID__`
 *   (`InvalidAttributeValueException`) and without two attributes of the same name, compared case-sensitively
 *   (`InvalidAttributeValueException("Duplicate attribute name exists: <name>")`);
 * - for add/remove values also: no null value list, no operational attribute and no `__NAME__`
 *   (`IllegalArgumentException`);
 * - a results handler not null and a function;
 * - the other required arguments (username, password, script context) not null.
 *
 * Each function returns its checked arguments (an attribute set as an array, read once), so a caller can use
 * what was checked instead of reading an iterable a second time.
 *
 * Decisions where the spec leaves room:
 *
 * - An update (replace, add or remove) is checked like a create: no `__UID__`, no duplicate names.
 * - A null sync token passes: at the API it means "from the beginning" (a remote facade refuses it for the wire,
 *   spec wire-protocol.md §5.5 notes, which is not an API rule).
 * - The event subscriptions get the null checks only; whether `__ALL__` may be subscribed to is left to the
 *   connector.
 *
 * @packageDocumentation
 */
import {
  IllegalArgumentException,
  InvalidAttributeValueException,
  NullPointerException,
  requireNonNull,
  UnsupportedOperationException,
} from '../errors.js';
import { Attribute, Name, Uid } from '../objects/attribute.js';
import { ObjectClass } from '../objects/object-class.js';
import type { ScriptContext } from '../objects/script.js';
import { isOperationalAttribute } from '../objects/special-attributes.js';
import type { GuardedString } from '../values/guarded.js';

/** The three methods of UpdateApiOp. */
export type UpdateApiMethod = 'update' | 'addAttributeValues' | 'removeAttributeValues';

/** The parameter name of each UpdateApiOp method's attribute set, as used in messages. */
export const UPDATE_ATTRIBUTES_PARAMETER: Readonly<Record<UpdateApiMethod, string>> = {
  update: 'replaceAttributes',
  addAttributeValues: 'valuesToAdd',
  removeAttributeValues: 'valuesToRemove',
};

/** The message of the `__ALL__` refusal. */
export const ALL_OBJECT_CLASS_MESSAGE = 'Operation is not allowed on __ALL__ object class';

/** An argument as a JavaScript caller may pass it. */
type Arg<T> = T | null | undefined;

/** An attribute set argument as a JavaScript caller may pass it. */
type AttributeSetArg = Arg<Iterable<Arg<Attribute>>>;

/** Checked arguments of an operation on one object. */
export interface ObjectArguments {
  readonly objectClass: ObjectClass;
  readonly uid: Uid;
}

/** Checked arguments of an operation that takes an attribute set. */
export interface AttributeSetArguments {
  readonly objectClass: ObjectClass;
  /** The attribute set, read once into an array. */
  readonly attributes: Attribute[];
}

/** Checked arguments of a search, a sync or a subscription. */
export interface HandlerArguments<H> {
  readonly objectClass: ObjectClass;
  readonly handler: H;
}

/** Checked arguments of authenticate and resolveUsername (`password` only for authenticate). */
export interface CredentialArguments {
  readonly objectClass: ObjectClass;
  readonly username: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

/**
 * The object class argument, checked.
 *
 * @throws NullPointerException `Parameter 'objectClass' must not be null.`
 * @throws IllegalArgumentException `Parameter 'objectClass' must be an ObjectClass.`
 */
export function requireObjectClassArgument(objectClass: Arg<ObjectClass>): ObjectClass {
  const value = requireNonNull(objectClass, 'objectClass');
  if (!(value instanceof ObjectClass)) {
    throw new IllegalArgumentException("Parameter 'objectClass' must be an ObjectClass.");
  }
  return value;
}

/**
 * Refuses `__ALL__`, which only sync and getLatestSyncToken accept (spec A.2).
 *
 * @throws UnsupportedOperationException `Operation is not allowed on __ALL__ object class`
 */
export function rejectAllObjectClass(objectClass: ObjectClass): void {
  if (objectClass.is(ObjectClass.ALL_NAME)) throw new UnsupportedOperationException(ALL_OBJECT_CLASS_MESSAGE);
}

/**
 * The uid argument, checked.
 *
 * @throws NullPointerException `Parameter 'uid' must not be null.`
 * @throws IllegalArgumentException `Parameter 'uid' must be a Uid.`
 */
export function requireUidArgument(uid: Arg<Uid>): Uid {
  const value = requireNonNull(uid, 'uid');
  if (!(value instanceof Uid)) throw new IllegalArgumentException("Parameter 'uid' must be a Uid.");
  return value;
}

/**
 * A results handler argument, checked.
 *
 * @throws NullPointerException `Parameter '<name>' must not be null.`
 * @throws IllegalArgumentException `Parameter '<name>' must be a function.`
 */
export function requireHandlerArgument<H>(handler: Arg<H>, name = 'handler'): H {
  const value = requireNonNull(handler, name);
  if (typeof value !== 'function')
    throw new IllegalArgumentException(`Parameter '${name}' must be a function.`);
  return value;
}

/**
 * An attribute set argument read into an array and checked entry by entry: no null entry, no `__UID__`, no
 * second attribute of a name already seen (names compared case-sensitively, as Java does).
 *
 * @param parameter the parameter name used in the messages (`createAttributes`, `replaceAttributes`, …).
 * @throws NullPointerException `Parameter '<parameter>' must not be null.` or `… must not contain null.`
 * @throws InvalidAttributeValueException `Parameter '<parameter>' must not contain the '__UID__' attribute.` or
 *   `Duplicate attribute name exists: <name>`
 */
export function checkAttributeSetArgument(attributes: AttributeSetArg, parameter: string): Attribute[] {
  const list = [...requireNonNull(attributes, parameter)];
  const names = new Set<string>();
  for (const attribute of list) {
    if (attribute === null || attribute === undefined) {
      throw new NullPointerException(`Parameter '${parameter}' must not contain null.`);
    }
    // A JavaScript caller can pass anything: say so rather than fail with a TypeError further on.
    if (!(attribute instanceof Attribute)) {
      throw new IllegalArgumentException(`Parameter '${parameter}' must contain only Attribute objects.`);
    }
    if (attribute.is(Uid.NAME)) {
      throw new InvalidAttributeValueException(
        `Parameter '${parameter}' must not contain the '${Uid.NAME}' attribute.`,
      );
    }
    if (names.has(attribute.name)) {
      throw new InvalidAttributeValueException(`Duplicate attribute name exists: ${attribute.name}`);
    }
    names.add(attribute.name);
  }
  return list as Attribute[];
}

/**
 * The extra rules of addAttributeValues / removeAttributeValues (spec B.6): every attribute has a value list and
 * none is operational or `__NAME__`.
 *
 * @throws IllegalArgumentException `Can not add or remove a 'null' value ('<name>').` or
 *   `Operational attribute '<name>' can not be added or removed.`
 */
export function checkValuesToChange(attributes: readonly Attribute[]): void {
  for (const attribute of attributes) {
    if (attribute.value === null) {
      throw new IllegalArgumentException(`Can not add or remove a 'null' value ('${attribute.name}').`);
    }
    if (isOperationalAttribute(attribute.name) || attribute.is(Name.NAME)) {
      throw new IllegalArgumentException(
        `Operational attribute '${attribute.name}' can not be added or removed.`,
      );
    }
  }
}

/** The object class, checked and not `__ALL__`. */
function requireConcreteObjectClass(objectClass: Arg<ObjectClass>): ObjectClass {
  const value = requireObjectClassArgument(objectClass);
  rejectAllObjectClass(value);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// One function per operation

/**
 * CreateApiOp: object class (not `__ALL__`), then the attribute set.
 *
 * @throws NullPointerException, IllegalArgumentException, UnsupportedOperationException,
 *   InvalidAttributeValueException as the building blocks above.
 */
export function checkCreateArguments(
  objectClass: Arg<ObjectClass>,
  createAttributes: AttributeSetArg,
): AttributeSetArguments {
  const oc = requireConcreteObjectClass(objectClass);
  return { objectClass: oc, attributes: checkAttributeSetArgument(createAttributes, 'createAttributes') };
}

/**
 * UpdateApiOp (`update`, `addAttributeValues`, `removeAttributeValues`): object class (not `__ALL__`), uid, the
 * attribute set (named `replaceAttributes`, `valuesToAdd` or `valuesToRemove` in messages) and, for add and
 * remove, {@link checkValuesToChange}.
 */
export function checkUpdateArguments(
  method: UpdateApiMethod,
  objectClass: Arg<ObjectClass>,
  uid: Arg<Uid>,
  attributes: AttributeSetArg,
): ObjectArguments & AttributeSetArguments {
  const target = objectArguments(objectClass, uid);
  const list = checkAttributeSetArgument(attributes, UPDATE_ATTRIBUTES_PARAMETER[method]);
  if (method !== 'update') checkValuesToChange(list);
  return { ...target, attributes: list };
}

/** DeleteApiOp: object class (not `__ALL__`), then uid. */
export function checkDeleteArguments(objectClass: Arg<ObjectClass>, uid: Arg<Uid>): ObjectArguments {
  return objectArguments(objectClass, uid);
}

/** GetApiOp: object class (not `__ALL__`), then uid. */
export function checkGetArguments(objectClass: Arg<ObjectClass>, uid: Arg<Uid>): ObjectArguments {
  return objectArguments(objectClass, uid);
}

function objectArguments(objectClass: Arg<ObjectClass>, uid: Arg<Uid>): ObjectArguments {
  const oc = requireConcreteObjectClass(objectClass);
  return { objectClass: oc, uid: requireUidArgument(uid) };
}

/** SearchApiOp: object class (not `__ALL__`), then the handler. A null filter means "everything". */
export function checkSearchArguments<H>(objectClass: Arg<ObjectClass>, handler: Arg<H>): HandlerArguments<H> {
  return withHandler(requireConcreteObjectClass(objectClass), handler);
}

/** SyncApiOp `sync`: object class (`__ALL__` allowed), then the handler. The token may be null. */
export function checkSyncArguments<H>(objectClass: Arg<ObjectClass>, handler: Arg<H>): HandlerArguments<H> {
  return withHandler(requireObjectClassArgument(objectClass), handler);
}

/**
 * The event subscriptions (ConnectorEventSubscriptionApiOp, SyncEventSubscriptionApiOp): object class, then the
 * handler, as {@link checkSyncArguments}; `__ALL__` is not refused here.
 */
export function checkSubscribeArguments<H>(
  objectClass: Arg<ObjectClass>,
  handler: Arg<H>,
): HandlerArguments<H> {
  return withHandler(requireObjectClassArgument(objectClass), handler);
}

function withHandler<H>(objectClass: ObjectClass, handler: Arg<H>): HandlerArguments<H> {
  return { objectClass, handler: requireHandlerArgument(handler) };
}

/** SyncApiOp `getLatestSyncToken`: object class (`__ALL__` allowed). */
export function checkGetLatestSyncTokenArguments(objectClass: Arg<ObjectClass>): ObjectClass {
  return requireObjectClassArgument(objectClass);
}

/** AuthenticationApiOp: object class (not `__ALL__`), username, password. */
export function checkAuthenticateArguments(
  objectClass: Arg<ObjectClass>,
  username: Arg<string>,
  password: Arg<GuardedString>,
): CredentialArguments & { readonly password: GuardedString } {
  const checked = checkResolveUsernameArguments(objectClass, username);
  return { ...checked, password: requireNonNull(password, 'password') };
}

/** ResolveUsernameApiOp: object class (not `__ALL__`), username. */
export function checkResolveUsernameArguments(
  objectClass: Arg<ObjectClass>,
  username: Arg<string>,
): CredentialArguments {
  return {
    objectClass: requireConcreteObjectClass(objectClass),
    username: requireNonNull(username, 'username'),
  };
}

/** ScriptOnConnectorApiOp and ScriptOnResourceApiOp: the script context (named `request`). */
export function checkScriptArguments(request: Arg<ScriptContext>): ScriptContext {
  return requireNonNull(request, 'request');
}
