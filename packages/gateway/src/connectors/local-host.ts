/**
 * `#LOCAL`: connectors supplied by the composition through a `LocalConnectorProvider` (for example an RCS
 * runtime's connector registry used in-process). Facades are obtained exactly as an RCS would serve them: the
 * provisioner's `APIConfiguration` is built with `buildApiConfiguration`, its facade key computed with
 * `facadeKeyOf`, and `provider.facade(key, facadeKey)` asked for the facade (the provider caches by that key).
 *
 * Without a provider, `#LOCAL` (and IDM's OSGi reference) is simply unavailable: such systems answer 503.
 * The provider's connector list is read on every lookup, so connectors it registers later are found.
 *
 * @packageDocumentation
 */
import type { ConnectorInfo } from '@rcskit/core';
import {
  buildApiConfiguration,
  type ConnectorFacadeLike,
  type CreateFacadeOptions,
  defaultLocale,
  facadeKeyOf,
  type LocalConnectorProvider,
} from '@rcskit/transport';
import { LOCAL_HOST_REF } from '../config/connector-ref.js';
import {
  ChangeEmitter,
  type ConnectorHost,
  type ConnectorHostStatus,
  describeInfo,
  type HostBinding,
} from './connector-host.js';

/** The local host; see the module notes. */
export class LocalHost implements ConnectorHost {
  readonly name = LOCAL_HOST_REF;
  readonly type = 'local' as const;
  readonly #provider: LocalConnectorProvider | undefined;
  readonly #binding: HostBinding | undefined;
  readonly #changes = new ChangeEmitter();

  constructor(provider?: LocalConnectorProvider) {
    this.#provider = provider;
    if (provider === undefined) return;
    const locale = defaultLocale();
    this.#binding = {
      isOpen: true,
      connectorInfos: async () => provider.connectorInfos(),
      createFacade: async (
        info: ConnectorInfo,
        settings: CreateFacadeOptions,
      ): Promise<ConnectorFacadeLike> => {
        const configuration = buildApiConfiguration(info, settings);
        return provider.facade(info.connectorKey, facadeKeyOf(configuration), { locale });
      },
    };
  }

  binding(): HostBinding | undefined {
    return this.#binding;
  }

  unavailableReason(): string {
    return 'this gateway hosts no local connectors (#LOCAL): reference a remote connector server instead';
  }

  requestRefresh(): void {
    // The provider is asked on every lookup.
  }

  onChange(listener: () => void): () => void {
    return this.#changes.on(listener);
  }

  async status(): Promise<ConnectorHostStatus> {
    if (this.#provider === undefined) {
      return {
        name: this.name,
        type: this.type,
        ok: false,
        state: 'disabled',
        error: this.unavailableReason(),
        connectors: [],
      };
    }
    const infos = await this.#provider.connectorInfos();
    return {
      name: this.name,
      type: this.type,
      ok: true,
      state: 'connected',
      connectors: infos.map(describeInfo),
    };
  }

  async close(): Promise<void> {
    // The provider belongs to the composition.
  }
}
