/**
 * Child process for the multi-process test: creates `count` accounts `<prefix>-<i>` in `csvFile` through the
 * connector, one create per call, as an independent writer would.
 *
 * Usage: node --import tsx create-rows.ts <csvFile> <prefix> <count>
 */
import { AttributeBuilder, implementsOperation, Name, ObjectClass, OperationOptions } from '@rcskit/core';
import { csvFileConnector } from '../../src/index.js';

const [csvFile, prefix, countText] = process.argv.slice(2);
const count = Number(countText);
for (let i = 0; i < count; i++) {
  // A fresh instance per call, as the framework does for a non-poolable connector.
  const connector = csvFileConnector.create();
  const config = csvFileConnector.configurationClass.create();
  config.csvFile = csvFile!;
  await connector.init(config);
  if (!implementsOperation(connector, 'CreateOp')) throw new Error('CreateOp missing');
  await connector.create(
    ObjectClass.ACCOUNT,
    [new Name(`${prefix}-${i}`), AttributeBuilder.build('firstName', `${prefix} ${i}`)],
    new OperationOptions(),
  );
  await connector.dispose();
}
process.stdout.write('done\n');
