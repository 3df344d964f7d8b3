/**
 * The seed's test script: logs the operation and the bindings (Groovy: `println binding.variables`), prints the
 * `configuration.propertyBag` values of the seed's customConfiguration example, and checks that the data the
 * search script reads is there — throwing fails IDM's `?_action=test` with `"ok": false` and the message.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { ConnectorException, type TestContext } from '@rcskit/scripting';

/** The propertyBag entries the seed's TestScript.groovy printed. */
const PATHS = ['key1', 'key2', 'map1.key1', 'map1.key2', 'map2.key1', 'map2.key2', 'map3.key1', 'map3.key2'];

export default function test({ operation, configuration, log, bindings }: TestContext) {
  log.info('This is ' + operation + ' script');
  log.info('Bindings: ' + String(bindings));

  for (const path of PATHS) {
    const value = path
      .split('.')
      .reduce<unknown>(
        (node, key) => (node as Record<string, unknown> | undefined)?.[key],
        configuration.propertyBag,
      );
    if (value !== undefined) log.info('propertyBag.{0} = {1}', path, value);
  }

  for (const file of ['users.json', 'groups.json']) {
    const path = join(__dirname, '..', 'data', file);
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new ConnectorException(`Cannot read the SCIM data file ${path}`);
    }
  }
}
