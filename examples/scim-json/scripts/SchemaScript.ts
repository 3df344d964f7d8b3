/**
 * The seed's "Example Schema Script": a `users` class whose SCIM structure is flattened into seven primitive
 * attributes (so IDM can filter and map them), and a `groups` class that keeps the SCIM structure. `__NAME__` is
 * added to every class by the framework; `__UID__` is implied.
 *
 * Groovy: `attributes { active Boolean.class; displayName(); …; secondaryEmail NOT_RETURNED_BY_DEFAULT }` —
 * here each attribute is `name: [type?, ...flags]` (a lone type or flag needs no array).
 */
import { Flags, type SchemaContext } from '@rcskit/scripting';

const { MULTIVALUED, NOT_UPDATEABLE, REQUIRED, NOT_RETURNED_BY_DEFAULT } = Flags;

export default function schema({ builder, log, operation }: SchemaContext) {
  log.info('Script: SchemaScript.ts Operation: {0}', operation);

  return builder.schema(({ objectClass }) => {
    /*
     * A custom object class of a custom type with the default __NAME__ attribute and seven attributes
     * representing individual properties in primitive formats.
     */
    objectClass(({ type, attributes }) => {
      type('users');
      attributes({
        active: Boolean,
        displayName: [],
        givenName: [],
        middleName: [],
        familyName: [],
        primaryEmail: [],
        secondaryEmail: NOT_RETURNED_BY_DEFAULT,
      });
    });

    /* A second custom object class describing its original data structure. */
    objectClass(({ type, attributes }) => {
      type('groups');
      attributes({
        displayName: [],
        members: [Map, MULTIVALUED, REQUIRED],
        schemas: [MULTIVALUED, NOT_UPDATEABLE, NOT_RETURNED_BY_DEFAULT],
      });
    });
  });
}
