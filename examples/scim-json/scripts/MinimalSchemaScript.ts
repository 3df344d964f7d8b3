/**
 * The seed's minimal schema script (`builder.schema { objectClass { } }`): one object class with every default,
 * i.e. `__ACCOUNT__` with the single attribute `__NAME__`. Enough to register a connection that only runs system
 * actions.
 */
import type { SchemaContext } from '@rcskit/scripting';

export default function schema({ builder }: SchemaContext) {
  return builder.schema(({ objectClass }) => {
    objectClass(() => {});
  });
}
