/**
 * Reconnect delays of client mode: exponential backoff with "equal jitter". The n-th consecutive failure
 * (n = 0, 1, 2, …) waits a random time between half and all of `min(cap, base · 2ⁿ)`, so a fleet of RCS instances
 * that lost IDM at the same moment does not knock on its door in lock-step, and no instance waits longer than
 * `cap`.
 *
 * @packageDocumentation
 */

/** Settings of {@link backoffDelay}. */
export interface BackoffPolicy {
  /** Delay before the first retry, in ms (`connectorserver.newConnectionsInterval`). */
  readonly baseMs: number;
  /** Longest delay, in ms (`connectorserver.maxReconnectInterval`). */
  readonly capMs: number;
}

/** The delay before retry number `failures` (0-based); `random` is injectable for tests. */
export function backoffDelay(
  policy: BackoffPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, failures), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
