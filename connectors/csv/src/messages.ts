/**
 * The connector's message catalogue (root locale): display name and the display/help texts of every
 * configuration property, under the framework's default keys `<property>.display` and `<property>.help`.
 *
 * @packageDocumentation
 */

/** Message key of the connector's display name (as in the Java connector). */
export const DISPLAY_NAME_KEY = 'connector_name.display';

/** Root-locale messages. */
export const CSV_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  [DISPLAY_NAME_KEY]: 'CSV File Connector',
  'csvFile.display': 'CSV File',
  'csvFile.help':
    'Path of the CSV file. It must exist with at least a header line, be readable and writable, and sit in a ' +
    'writable directory (temporary, lock and sync snapshot files are created beside it).',
  'headerUid.display': 'UID Column',
  'headerUid.help': 'Column whose value is the account __UID__ (and __NAME__ unless the name column is set).',
  'headerName.display': 'Name Column',
  'headerName.help': 'Column whose value is the account __NAME__. Empty: the UID column.',
  'headerPassword.display': 'Password Column',
  'headerPassword.help':
    'Column mapped to __PASSWORD__ (stored in clear text, never returned by searches). The file may lack it.',
  'quoteCharacter.display': 'Quote Character',
  'quoteCharacter.help': 'Character that quotes field values (exactly one character).',
  'fieldDelimiter.display': 'Field Delimiter',
  'fieldDelimiter.help': 'Character between fields (exactly one character).',
  'newlineString.display': 'Newline String',
  'newlineString.help': 'Line terminator written after each row: \\n, \\r\\n or \\r.',
  'encoding.display': 'Encoding',
  'encoding.help': 'Character encoding of the file: UTF-8 (default), UTF-16LE, ISO-8859-1 or US-ASCII.',
  'multivalueDelimiter.display': 'Multi-value Delimiter',
  'multivalueDelimiter.help':
    'Separator of the values of a multi-valued cell (e.g. ";"). Empty: no column is multi-valued.',
  'multivalueAttributes.display': 'Multi-valued Columns',
  'multivalueAttributes.help':
    'Columns that hold several values separated by the multi-value delimiter. Empty (with a delimiter set): every ' +
    'column except the UID, name and password columns.',
  'syncFileRetentionCount.display': 'Sync Snapshots Kept',
  'syncFileRetentionCount.help':
    'How many sync snapshot files (<csvFile>.sync.<token>) to keep; older ones are deleted. At least 1.',
});
