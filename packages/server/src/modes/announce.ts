/**
 * Telling a connected IDM that this server's connector list changed (a bundle version was added or retired while
 * running). The OpenICF protocol has no event for that; the one message that carries connector lists is the
 * ControlRequest / ControlResponse pair, so the server sends `ControlRequest(CONNECTOR_INFO)`: a Java IDM answers
 * it and reads the new list at its own next housekeeping round, the rcskit gateway takes it as the cue to ask for
 * the list at once (docs/bundles.md#upgrades-without-restart).
 *
 * @packageDocumentation
 */
import type { RemoteChannel } from '@rcskit/transport';
import type { Logger } from '../logging/logger.js';

/** How long the announcement's ControlRequest may wait for its answer. */
const ANNOUNCE_TIMEOUT_MS = 30_000;

/** Sends the announcement on one channel; failures are logged at debug (the next housekeeping round retries). */
export function announceOn(channel: RemoteChannel, logger: Logger): void {
  if (!channel.isOpen) return;
  channel
    .requestConnectorInfos({ timeoutMs: ANNOUNCE_TIMEOUT_MS })
    .catch((error: unknown) =>
      logger.debug(
        { peer: channel.peerSessionId, error: error instanceof Error ? error.message : String(error) },
        'connector list announcement not answered',
      ),
    );
}
