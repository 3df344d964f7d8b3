import {
  AlreadyExistsException,
  ConfigurationException,
  ConnectionBrokenException,
  ConnectionFailedException,
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
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  NotSupportedError,
  ResourceError,
  reasonFor,
  ServiceUnavailableError,
  statusForJavaClass,
  toResourceError,
  UnauthorizedError,
} from '../src/index.js';

describe('ResourceError', () => {
  it('serialises to the CREST error body', () => {
    expect(new NotFoundError('Object x not found on system/groovy/users').toJSON()).toEqual({
      code: 404,
      reason: 'Not Found',
      message: 'Object x not found on system/groovy/users',
    });
    expect(new UnauthorizedError().toJSON()).toEqual({
      code: 401,
      reason: 'Unauthorized',
      message: 'Access Denied',
    });
    expect(new ResourceError(404, 'x', { detail: {} }).toJSON()).toEqual({
      code: 404,
      reason: 'Not Found',
      message: 'x',
      detail: {},
    });
    expect([
      new BadRequestError('a').code,
      new ForbiddenError('a').code,
      new NotSupportedError('a').code,
      new ServiceUnavailableError('a').code,
    ]).toEqual([400, 403, 501, 503]);
    expect(reasonFor(412)).toBe('Precondition Failed');
    expect(reasonFor(428)).toBe('Precondition Required');
    expect(reasonFor(599)).toBe('Internal Server Error');
  });
});

describe('toResourceError', () => {
  it('maps connector exceptions as F.7 says (subclasses first)', () => {
    const cases: [Error, number][] = [
      [new AlreadyExistsException('dup'), 412],
      [new ConfigurationException('c'), 500],
      [new ConnectionBrokenException('b'), 503],
      [new ConnectionFailedException('f'), 503],
      [new ConnectorIOException('io'), 503],
      [new OperationTimeoutException('t'), 503],
      [new PasswordExpiredException('p'), 403],
      [new InvalidPasswordException('p'), 401],
      [new UnknownUidException('u'), 404],
      [new InvalidCredentialException('c'), 401],
      [new PermissionDeniedException('d'), 403],
      [new ConnectorSecurityException('s'), 500],
      [new InvalidAttributeValueException('v'), 400],
      [new PreconditionFailedException('p'), 412],
      [new PreconditionRequiredException('p'), 428],
      [new RetryableException('r'), 503],
      [new ConnectorException('x'), 500],
      [new UnsupportedOperationException('ContainsAllValuesFilter transformation is not supported'), 404],
      [new IllegalArgumentException('bad'), 400],
      [new Error('boom'), 500],
    ];
    for (const [error, code] of cases) {
      const mapped = toResourceError(error);
      expect(mapped.code, error.constructor.name).toBe(code);
      expect(mapped.message).toBe(error.message);
      expect(mapped.cause).toBe(error);
    }
  });

  it("gives the seed's 404 body for an unsupported filter", () => {
    expect(
      toResourceError(
        new UnsupportedOperationException('ContainsAllValuesFilter transformation is not supported'),
      ).toJSON(),
    ).toEqual({
      code: 404,
      reason: 'Not Found',
      message: 'ContainsAllValuesFilter transformation is not supported',
    });
  });

  it('adds detail {} for UnknownUid and builds a message from the context when there is none', () => {
    const mapped = toResourceError(new UnknownUidException(''), {
      operation: 'UPDATE',
      resourcePath: 'system/groovy/users',
      id: 'u1',
    });
    expect(mapped.toJSON()).toEqual({
      code: 404,
      reason: 'Not Found',
      message: 'Operation UPDATE could not find resource system/groovy/users/u1',
      detail: {},
    });
    expect(toResourceError(new AlreadyExistsException(''), { id: 'bjensen' }).message).toBe(
      'System object bjensen already exists',
    );
    expect(toResourceError(undefined).code).toBe(500);
    expect(toResourceError('text').message).toBe('text');
  });

  it('passes ResourceErrors through', () => {
    const error = new ForbiddenError('no');
    expect(toResourceError(error)).toBe(error);
  });

  it('maps remote exceptions rebuilt from Java class names', () => {
    const remote = exceptionFromJavaClass(
      'org.identityconnectors.framework.common.exceptions.UnknownUidException',
      'gone',
    );
    expect(toResourceError(remote).code).toBe(404);
    expect(
      statusForJavaClass('org.identityconnectors.framework.common.exceptions.AlreadyExistsException'),
    ).toBe(412);
    expect(statusForJavaClass('InvalidAttributeValueException')).toBe(400);
    expect(statusForJavaClass('java.lang.UnsupportedOperationException')).toBe(404);
    expect(statusForJavaClass('java.lang.IllegalArgumentException')).toBe(400);
    expect(statusForJavaClass('System.ArgumentException')).toBe(500);
    expect(statusForJavaClass('com.example.Whatever')).toBe(500);
  });
});
