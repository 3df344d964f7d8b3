/**
 * Common object serial types (spec §4.3.4) for attributes and connector objects: `Attribute`, `Uid`, `Name`,
 * `ObjectClass`, `ConnectorObject`.
 *
 * @packageDocumentation
 */
import { Attribute, AttributeBuilder, ConnectorObject, Name, ObjectClass, Uid } from '@rcskit/core';
import { describeValue, expectInstance, type TypeHandler } from '../registry.js';
import { itemsOf, requireString } from './field-helpers.js';

export const attributeHandler: TypeHandler<Attribute> = {
  name: 'Attribute',
  classes: [Attribute],
  encode: (attr, out) => {
    out.writeStringField('name', attr.name);
    out.writeObjectField('Values', attr.value);
  },
  decode: (input) => {
    const name = requireString(input, 'name');
    const values = input.readObjectField('Values');
    if (values !== null && !Array.isArray(values)) {
      return input.fail(`field 'Values' must be a List, got ${describeValue(values)}`);
    }
    // As Java's AttributeBuilder: `__UID__` becomes a Uid and `__NAME__` a Name.
    return AttributeBuilder.fromList(name, values);
  },
};

export const uidHandler: TypeHandler<Uid> = {
  name: 'Uid',
  classes: [Uid],
  encode: (uid, out) => {
    out.writeStringField('uid', uid.uidValue);
    out.writeStringField('revision', uid.revision);
  },
  decode: (input) => new Uid(requireString(input, 'uid'), input.readStringField('revision')),
};

export const nameHandler: TypeHandler<Name> = {
  name: 'Name',
  classes: [Name],
  encode: (name, out) => out.writeStringContents(name.nameValue),
  decode: (input) => new Name(input.readStringContents(0)),
};

export const objectClassHandler: TypeHandler<ObjectClass> = {
  name: 'ObjectClass',
  classes: [ObjectClass],
  encode: (oc, out) => out.writeStringField('type', oc.type),
  decode: (input) => new ObjectClass(requireString(input, 'type')),
};

export const connectorObjectHandler: TypeHandler<ConnectorObject> = {
  name: 'ConnectorObject',
  classes: [ConnectorObject],
  encode: (obj, out) => {
    out.writeObjectField('ObjectClass', obj.objectClass);
    out.writeObjectField('Attributes', new Set(obj.attributes));
  },
  decode: (input) => {
    const oc = expectInstance(
      input,
      input.readObjectField('ObjectClass'),
      ObjectClass,
      "field 'ObjectClass'",
    );
    return new ConnectorObject(oc, itemsOf(input, 'Attributes', Attribute) ?? []);
  },
};

/** The attribute/object handlers, in registry order. */
export const OBJECT_HANDLERS: readonly TypeHandler[] = [
  attributeHandler,
  uidHandler,
  nameHandler,
  objectClassHandler,
  connectorObjectHandler,
];
