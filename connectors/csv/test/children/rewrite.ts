/**
 * Child process for the crash test: one update of the first account, which rewrites the whole (large) file.
 * The parent kills it with SIGKILL while the temporary file is being written.
 *
 * Usage: node --import tsx rewrite.ts <csvFile> <uid>
 */
import { AttributeBuilder, ObjectClass, OperationOptions, Uid } from '@rcskit/core';
import { CsvFileConnector, csvFileConfigurationClass } from '../../src/index.js';

const [csvFile, uid] = process.argv.slice(2);
const connector = new CsvFileConnector();
const config = csvFileConfigurationClass.create();
config.csvFile = csvFile!;
connector.init(config);
process.stdout.write('started\n');
await connector.update(
  ObjectClass.ACCOUNT,
  new Uid(uid!),
  [AttributeBuilder.build('firstName', 'Rewritten')],
  new OperationOptions(),
);
process.stdout.write('finished\n');
