/** A bundle that cannot be used, with the reason. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}
