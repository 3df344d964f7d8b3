/**
 * Names of the framework's special attributes (spec framework.md A.4).
 *
 * @packageDocumentation
 */

/** Operational attributes: state the framework knows about (enable, lock-out, password…). */
export const OperationalAttributes = {
  ENABLE_NAME: '__ENABLE__',
  ENABLE_DATE_NAME: '__ENABLE_DATE__',
  DISABLE_DATE_NAME: '__DISABLE_DATE__',
  LOCK_OUT_NAME: '__LOCK_OUT__',
  PASSWORD_EXPIRATION_DATE_NAME: '__PASSWORD_EXPIRATION_DATE__',
  PASSWORD_EXPIRED_NAME: '__PASSWORD_EXPIRED__',
  PASSWORD_NAME: '__PASSWORD__',
  CURRENT_PASSWORD_NAME: '__CURRENT_PASSWORD__',
} as const;

/** Predefined attributes: common meanings with fixed names. */
export const PredefinedAttributes = {
  SHORT_NAME: '__SHORT_NAME__',
  DESCRIPTION: '__DESCRIPTION__',
  LAST_PASSWORD_CHANGE_DATE_NAME: '__LAST_PASSWORD_CHANGE_DATE__',
  PASSWORD_CHANGE_INTERVAL_NAME: '__PASSWORD_CHANGE_INTERVAL__',
  LAST_LOGIN_DATE_NAME: '__LAST_LOGIN_DATE__',
  GROUPS_NAME: '__GROUPS__',
} as const;

const OPERATIONAL = new Set<string>(Object.values(OperationalAttributes).map((n) => n.toUpperCase()));

/** True for the eight operational attribute names (case-insensitive). */
export function isOperationalAttribute(name: string): boolean {
  return OPERATIONAL.has(name.toUpperCase());
}
