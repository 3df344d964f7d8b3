/**
 * CREST patch on system objects (spec framework.md F.4): a JSON array of `{"operation", "field", "value"}`
 * turned into connector calls, applied **in request order** (IDM groups them by kind; applying them as written
 * is what JSON Patch clients expect and gives the same result for independent fields).
 *
 * | Patch operation | Connector call |
 * |---|---|
 * | `add` on a single-valued property | `update` (replace) with the value |
 * | `add` on a multi-valued property (`field` may end in `/-`) | `addAttributeValues` with the value(s) |
 * | `remove` with a value | `removeAttributeValues` with the value(s) |
 * | `remove` without a value | `update` with no value (the attribute is cleared) |
 * | `replace` | `update` with the value (`null` clears) |
 * | `increment` (single-valued numbers only) | `update` with current value + `value` |
 * | `move`, `copy`, `transform` | 400 |
 *
 * Only the first segment of `field` names the property (`/mail/0` patches `mail`); `_id` and `_rev` cannot be
 * patched; unknown properties give 400 `Target does not support attribute <x>`; properties flagged
 * NOT_UPDATEABLE are skipped silently, as on PUT. Unlike IDM, failures of `remove` are reported, not swallowed.
 *
 * @packageDocumentation
 */
import type { Attribute, ConnectorObject } from '@rcskit/core';
import { BadRequestError } from '../errors.js';
import { type Decryptor, type ObjectTypeModel, type PropertyModel, toAttributes } from './object-types.js';
import { toJsonValue } from './types.js';

/** The patch operations system objects support. */
export type PatchKind = 'add' | 'remove' | 'replace' | 'increment';

/** One checked patch operation. */
export interface PatchOperation {
  readonly operation: PatchKind;
  readonly field: string;
  readonly property: PropertyModel;
  /** Absent for `remove` without a value. */
  readonly value: unknown;
  readonly hasValue: boolean;
}

/** One connector call of a patch. */
export interface PatchStep {
  readonly call: 'update' | 'addAttributeValues' | 'removeAttributeValues';
  readonly attributes: readonly Attribute[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks a patch request body.
 *
 * @throws BadRequestError for anything but an array of supported operations on configured properties.
 */
export function parsePatch(objectType: ObjectTypeModel, body: unknown): PatchOperation[] {
  if (!Array.isArray(body))
    throw new BadRequestError('The patch request body must be a JSON array of operations');
  return body.map((entry: unknown, i: number) => {
    if (!isObject(entry)) throw new BadRequestError(`Patch operation #${i} must be a JSON object`);
    const operation = typeof entry.operation === 'string' ? entry.operation.toLowerCase() : undefined;
    if (operation === undefined) throw new BadRequestError(`Patch operation #${i} has no "operation"`);
    if (operation === 'move' || operation === 'copy' || operation === 'transform') {
      throw new BadRequestError(`Patch operation '${operation}' is not supported on system objects`);
    }
    if (
      operation !== 'add' &&
      operation !== 'remove' &&
      operation !== 'replace' &&
      operation !== 'increment'
    ) {
      throw new BadRequestError(`Unknown patch operation '${String(entry.operation)}'`);
    }
    if (typeof entry.field !== 'string' || entry.field === '') {
      throw new BadRequestError(`Patch operation #${i} has no "field"`);
    }
    const segments = entry.field.split('/').filter((s, k) => !(k === 0 && s === ''));
    const name = segments[0] ?? '';
    if (name === '_id' || name === '_rev') throw new BadRequestError(`The field ${name} cannot be patched`);
    const property = objectType.property(name);
    if (property === undefined) throw new BadRequestError(`Target does not support attribute ${name}`);
    const hasValue = Object.hasOwn(entry, 'value');
    if ((operation === 'add' || operation === 'increment') && !hasValue) {
      throw new BadRequestError(`Patch operation '${operation}' on ${entry.field} needs a value`);
    }
    if (operation === 'increment') {
      if (typeof entry.value !== 'number') {
        throw new BadRequestError(`Patch operation 'increment' on ${entry.field} needs a numeric value`);
      }
      if (property.multiValued) {
        throw new BadRequestError(`Patch operation 'increment' is not supported on multi-valued ${name}`);
      }
    }
    return { operation, field: entry.field, property, value: entry.value, hasValue };
  });
}

function attributesOf(
  objectType: ObjectTypeModel,
  property: PropertyModel,
  value: unknown,
  decrypt: Decryptor | undefined,
): Attribute[] {
  return toAttributes(
    objectType,
    { [property.name]: value },
    { mode: 'update', ...(decrypt ? { decrypt } : {}) },
  );
}

/**
 * The connector calls of a patch, given the object as it is now (needed by `increment`). Operations on
 * NOT_UPDATEABLE properties, and `add`s of an empty list, give no call.
 *
 * @throws BadRequestError for values that cannot be converted, or `increment` on a non-numeric value.
 */
export function planPatch(
  objectType: ObjectTypeModel,
  operations: readonly PatchOperation[],
  current: ConnectorObject | undefined,
  decrypt?: Decryptor,
): PatchStep[] {
  const steps: PatchStep[] = [];
  for (const op of operations) {
    const { property } = op;
    let call: PatchStep['call'];
    let attributes: Attribute[];
    switch (op.operation) {
      case 'add':
        if (property.multiValued) {
          const list = Array.isArray(op.value) ? op.value : [op.value];
          if (list.length === 0) continue;
          call = 'addAttributeValues';
          attributes = attributesOf(objectType, property, list, decrypt);
        } else {
          call = 'update';
          attributes = attributesOf(objectType, property, op.value, decrypt);
        }
        break;
      case 'remove':
        if (op.hasValue && op.value !== null) {
          const list = Array.isArray(op.value) ? op.value : [op.value];
          if (list.length === 0) continue;
          call = 'removeAttributeValues';
          attributes = attributesOf(objectType, property, property.multiValued ? list : list[0], decrypt);
        } else {
          call = 'update';
          attributes = attributesOf(objectType, property, null, decrypt);
        }
        break;
      case 'replace':
        call = 'update';
        attributes = attributesOf(objectType, property, op.hasValue ? op.value : null, decrypt);
        break;
      case 'increment': {
        const now = toJsonValue(current?.getAttributeByName(property.nativeName)?.value?.[0] ?? null);
        const base = typeof now === 'string' && now.trim() !== '' ? Number(now) : now;
        if (typeof base !== 'number' || !Number.isFinite(base)) {
          throw new BadRequestError(`Cannot increment ${property.name}: its current value is not a number`);
        }
        call = 'update';
        attributes = attributesOf(objectType, property, base + (op.value as number), decrypt);
        break;
      }
    }
    if (attributes.length > 0) steps.push({ call, attributes });
  }
  return steps;
}
