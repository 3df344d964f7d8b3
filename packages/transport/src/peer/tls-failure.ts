/**
 * Clear messages for TLS failures of an outgoing connection (`docs/tls.md`, "Errors"): an untrusted, expired or
 * not-yet-valid certificate, and a certificate issued for another host name. The failure kind travels as
 * `tlsProblem` so that callers can add where their trusted certificates come from.
 *
 * @packageDocumentation
 */
import { ConnectionFailedException } from '@rcskit/core';

/** What was wrong with the peer's certificate. */
export type TlsProblem = 'untrusted' | 'expired' | 'not-yet-valid' | 'hostname';

/** A `ConnectionFailedException` for a refused certificate. */
export interface TlsConnectionFailure extends ConnectionFailedException {
  readonly tlsProblem: TlsProblem;
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** The TLS failure an error stands for, or `undefined` when it is not a certificate problem. */
export function tlsFailure(url: string, error: Error): TlsConnectionFailure | undefined {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  let problem: TlsProblem;
  let message: string;
  if (code === 'CERT_HAS_EXPIRED') {
    problem = 'expired';
    message = `The certificate of ${url} has expired: the server must present a renewed certificate`;
  } else if (code === 'CERT_NOT_YET_VALID') {
    problem = 'not-yet-valid';
    message = `The certificate of ${url} is not valid yet: check this machine's clock or the server's certificate`;
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    problem = 'hostname';
    const reason = (error as { reason?: string }).reason ?? error.message;
    message = `The certificate of ${url} is not issued for that host name (${reason}): dial a name the certificate lists`;
  } else if (UNTRUSTED.has(code)) {
    problem = 'untrusted';
    message = `The certificate of ${url} is not trusted (${code}): add it, or the CA that issued it, to the trusted certificates`;
  } else return undefined;
  return Object.assign(new ConnectionFailedException(message, { cause: error }), { tlsProblem: problem });
}
