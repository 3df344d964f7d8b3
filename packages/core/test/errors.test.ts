import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsException,
  ConnectorException,
  EXCEPTION_CLASSES,
  exceptionFromJavaClass,
  InvalidCredentialException,
  javaClassOf,
  UnknownUidException,
  UnsupportedOperationException,
} from '../src/index.js';

describe('exceptions', () => {
  it('carry their fully-qualified Java class names', () => {
    expect(new UnknownUidException('x').javaClass).toBe(
      'org.identityconnectors.framework.common.exceptions.UnknownUidException',
    );
    expect(UnsupportedOperationException.javaClass).toBe('java.lang.UnsupportedOperationException');
  });

  it('keep the framework hierarchy (UnknownUid is an InvalidCredential)', () => {
    const e = new UnknownUidException('gone');
    expect(e).toBeInstanceOf(InvalidCredentialException);
    expect(e).toBeInstanceOf(ConnectorException);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('UnknownUidException');
  });

  it('come back from a Java class name, full or simple', () => {
    const full = exceptionFromJavaClass(
      'org.identityconnectors.framework.common.exceptions.AlreadyExistsException',
      'dup',
    );
    expect(full).toBeInstanceOf(AlreadyExistsException);
    expect(full.message).toBe('dup');
    expect(exceptionFromJavaClass('UnknownUidException', 'x')).toBeInstanceOf(UnknownUidException);
    const unknown = exceptionFromJavaClass('com.example.WeirdException', 'boom');
    expect(unknown).toBeInstanceOf(ConnectorException);
    expect(unknown.message).toBe('com.example.WeirdException: boom');
  });

  it('name a Java class for any thrown value', () => {
    expect(javaClassOf(new UnknownUidException())).toMatch(/UnknownUidException$/);
    expect(javaClassOf(new TypeError('x'))).toBe('java.lang.IllegalArgumentException');
    expect(javaClassOf(new Error('x'))).toBe(
      'org.identityconnectors.framework.common.exceptions.ConnectorException',
    );
  });

  it("use the spec's class names for the whole hierarchy", () => {
    const framework = 'org.identityconnectors.framework.common.exceptions.';
    const expected: Record<string, string> = {
      AlreadyExistsException: `${framework}AlreadyExistsException`,
      ConfigurationException: `${framework}ConfigurationException`,
      ConnectionBrokenException: `${framework}ConnectionBrokenException`,
      ConnectionFailedException: `${framework}ConnectionFailedException`,
      ConnectorIOException: `${framework}ConnectorIOException`,
      PasswordExpiredException: `${framework}PasswordExpiredException`,
      InvalidPasswordException: `${framework}InvalidPasswordException`,
      UnknownUidException: `${framework}UnknownUidException`,
      InvalidCredentialException: `${framework}InvalidCredentialException`,
      PermissionDeniedException: `${framework}PermissionDeniedException`,
      ConnectorSecurityException: `${framework}ConnectorSecurityException`,
      InvalidAttributeValueException: `${framework}InvalidAttributeValueException`,
      OperationTimeoutException: `${framework}OperationTimeoutException`,
      PreconditionFailedException: `${framework}PreconditionFailedException`,
      PreconditionRequiredException: `${framework}PreconditionRequiredException`,
      RetryableException: `${framework}RetryableException`,
      ConnectorException: `${framework}ConnectorException`,
      IllegalArgumentException: 'java.lang.IllegalArgumentException',
      IllegalStateException: 'java.lang.IllegalStateException',
      NullPointerException: 'java.lang.NullPointerException',
      UnsupportedOperationException: 'java.lang.UnsupportedOperationException',
      ClassCastException: 'java.lang.ClassCastException',
      RuntimeException: 'java.lang.RuntimeException',
      JavaException: 'java.lang.Exception',
    };
    expect(Object.fromEntries(EXCEPTION_CLASSES.map((cls) => [cls.name, cls.javaClass]))).toEqual(expected);
  });
});
