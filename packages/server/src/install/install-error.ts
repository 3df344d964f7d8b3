/** Why an `rcs install`, `update` or `outdated` could not be done (nothing was changed on disk). */
export type InstallErrorKind =
  | 'bad-request'
  | 'unknown-package'
  | 'no-version'
  | 'integrity'
  | 'unreachable'
  | 'unauthorized'
  | 'not-a-bundle'
  | 'incompatible'
  | 'lock-mismatch'
  | 'failed';

/** An install that could not be done, with the reason in the user's terms; see {@link InstallErrorKind}. */
export class InstallError extends Error {
  override readonly name = 'InstallError';
  readonly kind: InstallErrorKind;

  constructor(message: string, kind: InstallErrorKind = 'bad-request', options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}
