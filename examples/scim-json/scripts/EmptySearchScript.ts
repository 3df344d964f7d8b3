/**
 * The seed's "empty" search script: it only logs, so queries and reads return no object (instead of the 404 a
 * connection without a search script answers). For connections used for system actions only.
 */
import type { SearchContext } from '@rcskit/scripting';

export default function search({ configuration, log, operation }: SearchContext) {
  log.info(
    'Script: {0}/{1} Operation: {2}',
    configuration.scriptRoots,
    configuration.searchScriptFileName,
    operation,
  );
}
