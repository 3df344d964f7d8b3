/**
 * The {@link LocalEndpoint} of a process that only *uses* remote connectors (an IDM-like client): it hosts no
 * connectors (an empty list in every `ControlResponse`, "Connector not found" for any operation request) and
 * routes the configuration-change notifications of spec §5.11 to listeners registered by facade key, never
 * answering them.
 *
 * @packageDocumentation
 */
import type { ConfigurationProperty } from '@rcskit/core';
import { OperationDispatcher } from '../operations/server-dispatch.js';
import type { LocalEndpoint } from '../peer/contract.js';

/** Receives the properties a remote connector changed in its own configuration. */
export type ConfigurationChangeHandler = (
  changes: readonly ConfigurationProperty[],
  facadeKey: string,
) => void;

/** See the module notes. */
export class ClientEndpoint extends OperationDispatcher implements LocalEndpoint {
  readonly #listeners: Map<string, Set<ConfigurationChangeHandler>>;

  constructor() {
    const listeners = new Map<string, Set<ConfigurationChangeHandler>>();
    super({
      connectorInfos: () => [],
      facade: () => Promise.reject(new Error('unreachable: this endpoint hosts no connectors')),
      onConfigurationChange: (facadeKey, changes) => {
        for (const listener of listeners.get(facadeKey) ?? []) {
          try {
            listener(changes, facadeKey);
          } catch {
            // A listener's failure must not reach the peer (notifications are never answered).
          }
        }
      },
    });
    this.#listeners = listeners;
  }

  /**
   * Calls `listener` for every configuration change the peer reports for the facade with this key (a
   * `RemoteConnectorFacade`'s `connectorFacadeKey`). Returns a function that removes the listener.
   */
  onConfigurationChange(facadeKey: string, listener: ConfigurationChangeHandler): () => void {
    let set = this.#listeners.get(facadeKey);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(facadeKey, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(facadeKey);
    };
  }
}
