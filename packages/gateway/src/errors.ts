/**
 * IDM-style errors (spec framework.md F.7): every failure answers with the CREST error body
 * `{"code": <int>, "reason": "<HTTP reason>", "message": "…", "detail"?: {…}}`.
 *
 * - {@link ResourceError} and its subclasses are what gateway code throws; `toJSON()` is the response body and
 *   `code` the HTTP status.
 * - {@link toResourceError} maps anything thrown by a connector (core exceptions, exceptions rebuilt from a remote
 *   peer's Java class name, plain JS errors) to a ResourceError, following F.7 with the decisions below.
 * - {@link statusForJavaClass} answers the same question from a bare Java class name (wire-protocol §5.9).
 *
 * Mapping decisions (checked most specific first, so subclasses win over their parents):
 *
 * | Thrown | HTTP | Note |
 * |---|---|---|
 * | AlreadyExistsException | 412 | IDM quirk kept: PreconditionFailed, not 409 |
 * | ConfigurationException | 500 | |
 * | ConnectionBroken / ConnectionFailed / other ConnectorIOException | 503 | |
 * | OperationTimeoutException, RetryableException | 503 | |
 * | PasswordExpiredException | 403 | checked before its parent InvalidPasswordException |
 * | UnknownUidException | 404 (with `detail: {}`) | checked before its parent InvalidCredentialException |
 * | InvalidPasswordException, other InvalidCredentialException | 401 | |
 * | PermissionDeniedException | 403 | |
 * | other ConnectorSecurityException | 500 | |
 * | InvalidAttributeValueException | 400 | |
 * | PreconditionFailedException | 412 | |
 * | PreconditionRequiredException | 428 | |
 * | other ConnectorException (incl. unknown remote class names, .NET names) | 500 | |
 * | UnsupportedOperationException | **404** | the seed's IDM 7 behaviour (`ContainsAllValuesFilter transformation is not supported` → 404); open-source OpenIDM answers 500 |
 * | IllegalArgumentException | **400** everywhere | OpenIDM gives 500 in create/read/update/patch/delete; rcskit treats bad input the same on every path |
 * | anything else | 500 | |
 *
 * Messages: the connector's own message when it has one (what the seed's IDM shows, e.g. the 404 above); when it
 * is empty, an IDM-like stem built from the optional {@link ErrorContext}.
 *
 * @packageDocumentation
 */
import {
  AlreadyExistsException,
  ConfigurationException,
  ConnectorException,
  ConnectorIOException,
  ConnectorSecurityException,
  exceptionFromJavaClass,
  IllegalArgumentException,
  InvalidAttributeValueException,
  InvalidCredentialException,
  InvalidPasswordException,
  OperationTimeoutException,
  PasswordExpiredException,
  PermissionDeniedException,
  PreconditionFailedException,
  PreconditionRequiredException,
  RetryableException,
  UnknownUidException,
  UnsupportedOperationException,
} from '@rcskit/core';

/** HTTP reason phrases as CREST writes them in `reason`. */
export const HTTP_REASONS: Readonly<Record<number, string>> = Object.freeze({
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
});

/** The reason phrase of an HTTP status (`Internal Server Error` for unknown ones). */
export function reasonFor(code: number): string {
  return HTTP_REASONS[code] ?? (code >= 500 ? 'Internal Server Error' : 'Bad Request');
}

/** The CREST error body. */
export interface ResourceErrorJSON {
  code: number;
  reason: string;
  message: string;
  detail?: Record<string, unknown>;
}

/** A failure with an HTTP status and the CREST error body. */
export class ResourceError extends Error {
  /** The HTTP status. */
  readonly code: number;
  /** Optional `detail` object of the body. */
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    code: number,
    message: string,
    options: { cause?: unknown; detail?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.detail = options.detail;
  }

  /** The HTTP reason phrase of {@link code}. */
  get reason(): string {
    return reasonFor(this.code);
  }

  /** The response body: `{code, reason, message[, detail]}`. */
  toJSON(): ResourceErrorJSON {
    const body: ResourceErrorJSON = { code: this.code, reason: this.reason, message: this.message };
    if (this.detail !== undefined) body.detail = this.detail;
    return body;
  }
}

/** 400 Bad Request. */
export class BadRequestError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(400, message, options);
  }
}

/** 401 Unauthorized; IDM's message is `Access Denied`. */
export class UnauthorizedError extends ResourceError {
  constructor(message = 'Access Denied', options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(401, message, options);
  }
}

/** 403 Forbidden. */
export class ForbiddenError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(403, message, options);
  }
}

/** 404 Not Found. */
export class NotFoundError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(404, message, options);
  }
}

/** 409 Conflict. */
export class ConflictError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(409, message, options);
  }
}

/** 412 Precondition Failed. */
export class PreconditionFailedError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(412, message, options);
  }
}

/** 428 Precondition Required. */
export class PreconditionRequiredError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(428, message, options);
  }
}

/** 500 Internal Server Error. */
export class InternalServerError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(500, message, options);
  }
}

/** 501 Not Implemented (CREST "NotSupported"). */
export class NotSupportedError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(501, message, options);
  }
}

/** 503 Service Unavailable. */
export class ServiceUnavailableError extends ResourceError {
  constructor(message: string, options?: { cause?: unknown; detail?: Record<string, unknown> }) {
    super(503, message, options);
  }
}

/** What the failing request was, for messages when the exception has none. */
export interface ErrorContext {
  /** IDM operation name, e.g. `CREATE`, `READ`, `UPDATE`, `DELETE`, `QUERY`. */
  readonly operation?: string;
  /** Resource path without `/openidm`, e.g. `system/groovy/users`. */
  readonly resourcePath?: string;
  /** The object id, when the request names one. */
  readonly id?: string;
}

function target(ctx: ErrorContext): string {
  if (ctx.resourcePath && ctx.id) return `${ctx.resourcePath}/${ctx.id}`;
  return ctx.resourcePath ?? ctx.id ?? 'system object';
}

function op(ctx: ErrorContext): string {
  return ctx.operation ?? 'request';
}

/** One row of the mapping table: the class, the status and the stem used when the exception has no message. */
interface Rule {
  readonly cls: abstract new (...args: never[]) => Error;
  readonly code: number;
  readonly stem: (ctx: ErrorContext) => string;
  readonly detail?: Record<string, unknown>;
}

/** Most specific first: the first `instanceof` match wins. */
const RULES: readonly Rule[] = [
  {
    cls: AlreadyExistsException,
    code: 412,
    stem: (c) => `System object ${c.id ?? ''} already exists`.trim(),
  },
  { cls: ConfigurationException, code: 500, stem: (c) => `Configuration error on operation ${op(c)}` },
  {
    cls: ConnectorIOException,
    code: 503,
    stem: (c) => `Connection failed during operation ${op(c)} on ${target(c)}`,
  },
  { cls: OperationTimeoutException, code: 503, stem: (c) => `Operation ${op(c)} Timeout on ${target(c)}` },
  { cls: PasswordExpiredException, code: 403, stem: (c) => `Password expired on operation ${op(c)}` },
  {
    cls: UnknownUidException,
    code: 404,
    stem: (c) => `Operation ${op(c)} could not find resource ${target(c)}`,
    detail: {},
  },
  {
    cls: InvalidPasswordException,
    code: 401,
    stem: (c) => `Invalid password has been provided to operation ${op(c)} for ${target(c)}`,
  },
  {
    cls: InvalidCredentialException,
    code: 401,
    stem: (c) => `Invalid credential has been provided to operation ${op(c)} for ${target(c)}`,
  },
  { cls: PermissionDeniedException, code: 403, stem: (c) => `Permission denied on operation ${op(c)}` },
  { cls: ConnectorSecurityException, code: 500, stem: (c) => `Security error on operation ${op(c)}` },
  {
    cls: InvalidAttributeValueException,
    code: 400,
    stem: (c) => `Attribute value conflicts with the attribute's schema definition on operation ${op(c)}`,
  },
  {
    cls: PreconditionFailedException,
    code: 412,
    stem: (c) => `The resource version for ${target(c)} does not match the version provided`,
  },
  {
    cls: PreconditionRequiredException,
    code: 428,
    stem: (c) => `The operation ${op(c)} on ${target(c)} requires a resource version`,
  },
  { cls: RetryableException, code: 503, stem: (c) => `Operation ${op(c)} failed and may be retried` },
  { cls: ConnectorException, code: 500, stem: (c) => `Operation ${op(c)} failed on ${target(c)}` },
  { cls: UnsupportedOperationException, code: 404, stem: (c) => `Operation ${op(c)} is not supported` },
  { cls: IllegalArgumentException, code: 400, stem: (c) => `Invalid argument for operation ${op(c)}` },
];

/**
 * Maps anything thrown while serving a request to a {@link ResourceError} (see the module notes). A
 * ResourceError is returned unchanged. The original error is kept as `cause`.
 */
export function toResourceError(error: unknown, context: ErrorContext = {}): ResourceError {
  if (error instanceof ResourceError) return error;
  const message = error instanceof Error ? error.message : error === undefined ? '' : String(error);
  for (const rule of RULES) {
    if (error instanceof rule.cls) {
      const options: { cause: unknown; detail?: Record<string, unknown> } = { cause: error };
      if (rule.detail !== undefined) options.detail = { ...rule.detail };
      return new ResourceError(rule.code, message || rule.stem(context), options);
    }
  }
  return new InternalServerError(message || `Operation ${op(context)} failed`, { cause: error });
}

/**
 * The HTTP status IDM gives for an exception of that Java class (fully-qualified or simple name, as a remote peer
 * reports it); unknown names give 500.
 */
export function statusForJavaClass(javaClass: string): number {
  return toResourceError(exceptionFromJavaClass(javaClass, 'x')).code;
}

/** 404 of a read that found nothing (the seed's message): `Object <id> not found on <path>`. */
export function objectNotFound(id: string, resourcePath: string): NotFoundError {
  return new NotFoundError(`Object ${id} not found on ${resourcePath}`);
}

/** 404 for an object type that is not configured: `Not found: <type>` (F.1). */
export function objectTypeNotFound(objectType: string): NotFoundError {
  return new NotFoundError(`Not found: ${objectType}`);
}

/** 501 for an operation the connector does not implement (F.4): `Operation <OP> is not supported by the Connector`. */
export function operationNotSupported(operation: string): NotSupportedError {
  return new NotSupportedError(`Operation ${operation} is not supported by the Connector`);
}

/** 503 when a system has no running connector (F.4 step 1). */
export function connectorNotAvailable(name: string): ServiceUnavailableError {
  return new ServiceUnavailableError(`The connector of system/${name} is not available`);
}
