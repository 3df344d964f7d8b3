import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsException,
  ConnectorException,
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
    const full = exceptionFromJavaClass(AlreadyExistsException.javaClass, 'dup');
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
    expect(javaClassOf(new Error('x'))).toBe(ConnectorException.javaClass);
  });
});
