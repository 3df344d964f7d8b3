/**
 * `@rcskit/connector-csv`: the CSV file connector bundle. It keeps the Java connector's identity (bundle
 * `org.forgerock.openicf.connectors.csvfile-connector`, connector `org.forgerock.openicf.csvfile.CSVFileConnector`,
 * version 1.5.20) so that an IDM provisioner file written for the Java CSV connector uses it unchanged.
 *
 * The server loads {@link csvFileConnector}, named in `package.json` under `rcskit.bundle.connectors`.
 *
 * @packageDocumentation
 */
import { defineConnector } from '@rcskit/core';
import { type CsvFileConfiguration, csvFileConfigurationClass } from './configuration.js';
import { CsvFileConnector } from './connector.js';
import { CSV_MESSAGES, DISPLAY_NAME_KEY } from './messages.js';

/** The connector class the bundle exports. */
export const csvFileConnector = defineConnector<CsvFileConfiguration>({
  connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
  configurationClass: csvFileConfigurationClass,
  displayNameKey: DISPLAY_NAME_KEY,
  messages: { '': CSV_MESSAGES },
  create: () => new CsvFileConnector(),
});

export { CsvFileConfiguration, csvFileConfigurationClass } from './configuration.js';
export { CsvFileConnector } from './connector.js';
export { type CsvFormat, resolveFormat, SUPPORTED_ENCODINGS } from './format.js';
export { CSV_MESSAGES, DISPLAY_NAME_KEY } from './messages.js';
export { CsvFilterTranslator, type CsvLeafOperator, type CsvQuery } from './query.js';
