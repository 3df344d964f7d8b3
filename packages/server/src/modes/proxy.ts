/**
 * The HTTP proxy of client mode (`connectorserver.proxyHost`, `proxyPort`, `proxyPrincipal`, `proxyPassword`;
^ * docs/tls.md#http-proxy-client-mode): one CONNECT-tunnelling agent (https-proxy-agent) carries the WebSocket upgrades,
 * `ws://` and `wss://` alike, and the token endpoint's requests. Credentials go in a Basic `Proxy-Authorization`
 * header of the CONNECT request only; the agent's proxy URL carries none, so nothing that is logged can hold them.
 *
 * @packageDocumentation
 */
import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { ProxySettings } from '../properties/server-config.js';

/** A proxy agent and how to name the proxy in messages. */
export interface ProxyRoute {
  readonly agent: Agent;
  /** `host:port`, without credentials. */
  readonly label: string;
}

/** The agent for `settings`, or `undefined` without a proxy. */
export function proxyRoute(settings: ProxySettings | undefined): ProxyRoute | undefined {
  if (settings === undefined) return undefined;
  const host =
    settings.host.includes(':') && !settings.host.startsWith('[') ? `[${settings.host}]` : settings.host;
  const label = `${host}:${settings.port}`;
  const headers: Record<string, string> = {};
  if (settings.user !== undefined) {
    const password = settings.password?.reveal() ?? '';
    headers['Proxy-Authorization'] =
      `Basic ${Buffer.from(`${settings.user}:${password}`, 'latin1').toString('base64')}`;
  }
  return { agent: new HttpsProxyAgent(`http://${label}`, { headers }), label };
}
