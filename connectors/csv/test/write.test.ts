import { readFileSync } from 'node:fs';
import {
  AlreadyExistsException,
  AttributeBuilder,
  FilterBuilder as F,
  GuardedString,
  IllegalArgumentException,
  InvalidAttributeValueException,
  InvalidCredentialException,
  InvalidPasswordException,
  Name,
  ObjectClass,
  Uid,
  UnknownUidException,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, attrValue, connectorFor, fixtureCopy, NO_OPTIONS, search } from './helpers.js';

const a = (name: string, ...values: unknown[]) => AttributeBuilder.fromList(name, values as string[]);
const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

describe('create', () => {
  it('appends a row and returns the uid; the next search sees it', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const uid = await connector.create(
      ACCOUNT,
      [new Name('BDOE'), a('firstName', 'Bob'), a('lastName', 'Doe'), a('email', 'bdoe@example.com')],
      NO_OPTIONS,
    );
    expect(uid).toEqual(new Uid('BDOE'));
    const { objects } = await search(connector, F.equalTo(new Uid('BDOE')));
    expect(attrValue(objects[0], 'lastName')).toBe('Doe');
    expect(objects[0]!.getAttributeByName('employeeNumber')).toBeUndefined();
    // Rewritten in the connector's own format: every value quoted, no spaces, empty cells empty.
    expect(lines(file)).toEqual([
      '"firstName","uid","lastName","email","employeeNumber"',
      '"Barbara","BJENSEN","Jensen","bjensen@example.com","123456"',
      '"Jane","JSANCHEZ","Sanchez","jsanchez@example.com","234567"',
      '"Steven","SCARTER","Carter","scarter@example.com","654321"',
      '"Bob","BDOE","Doe","bdoe@example.com",',
      '',
    ]);
  });

  it('takes the uid from the uid column attribute too', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    expect(await connector.create(ACCOUNT, [a('uid', 'X1')], NO_OPTIONS)).toEqual(new Uid('X1'));
  });

  it('gives an account without uid a random one (as the Java connector does)', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    const uid = await connector.create(ACCOUNT, [a('firstName', 'Anon')], NO_OPTIONS);
    expect(uid.uidValue).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('throws AlreadyExistsException for an existing uid and leaves the file untouched', async () => {
    const file = fixtureCopy('hr.csv');
    const before = readFileSync(file);
    const connector = connectorFor(file);
    const call = connector.create(ACCOUNT, [new Name('JSANCHEZ')], NO_OPTIONS);
    await expect(call).rejects.toThrow(AlreadyExistsException);
    await expect(connector.create(ACCOUNT, [new Name('JSANCHEZ')], NO_OPTIONS)).rejects.toThrow(
      'Account JSANCHEZ already exists.',
    );
    expect(readFileSync(file)).toEqual(before);
  });

  it('rejects unknown attributes, extra values and conflicting uid values', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    await expect(connector.create(ACCOUNT, [new Name('N1'), a('nope', 'x')], NO_OPTIONS)).rejects.toThrow(
      InvalidAttributeValueException,
    );
    await expect(
      connector.create(ACCOUNT, [new Name('N1'), a('email', 'a', 'b')], NO_OPTIONS),
    ).rejects.toThrow(/single-valued/);
    await expect(connector.create(ACCOUNT, [new Name('N1'), a('uid', 'N2')], NO_OPTIONS)).rejects.toThrow(
      /same column/,
    );
    await expect(
      connector.create(
        ACCOUNT,
        [new Name('N1'), AttributeBuilder.buildPassword(new GuardedString('p'))],
        NO_OPTIONS,
      ),
    ).rejects.toThrow(/no password column/);
  });

  it('writes numbers and booleans as text and refuses binary values', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    await connector.create(
      ACCOUNT,
      [new Name('NUM'), AttributeBuilder.build('employeeNumber', 42), AttributeBuilder.build('email', true)],
      NO_OPTIONS,
    );
    expect(lines(file)[4]).toBe(',"NUM",,"true","42"');
    await expect(
      connector.create(
        ACCOUNT,
        [new Name('BIN'), AttributeBuilder.build('email', new Uint8Array([1]))],
        NO_OPTIONS,
      ),
    ).rejects.toThrow(/must hold text values/);
  });

  it('writes the password into the password column only, in clear text', async () => {
    const file = fixtureCopy('accounts-with-passwords.csv');
    const connector = connectorFor(file);
    await connector.create(
      ACCOUNT,
      [new Name('NEWPW'), AttributeBuilder.buildPassword(new GuardedString('t0p-secret'))],
      NO_OPTIONS,
    );
    expect(lines(file)[4]).toBe('"NEWPW","t0p-secret",,,,,');
  });

  it('requires __NAME__ when the name column is not the uid column', async () => {
    const connector = connectorFor(fixtureCopy('multivalue.csv'), {
      headerName: 'name',
      multivalueDelimiter: ';',
    });
    await expect(connector.create(ACCOUNT, [a('mail', 'x@y')], NO_OPTIONS)).rejects.toThrow(/__NAME__/);
    const uid = await connector.create(ACCOUNT, [new Name('dave'), a('groups', 'a', 'b')], NO_OPTIONS);
    const { objects } = await search(connector, F.equalTo('__NAME__', 'dave'));
    expect(objects[0]!.uid).toEqual(uid);
    expect(objects[0]!.getAttributeByName('groups')?.value).toEqual(['a', 'b']);
  });

  it('only accepts __ACCOUNT__', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    await expect(connector.create(ObjectClass.GROUP, [new Name('G')], NO_OPTIONS)).rejects.toThrow(
      new IllegalArgumentException('Operation requires ObjectClass __ACCOUNT__, received __GROUP__'),
    );
  });
});

describe('update, addAttributeValues, removeAttributeValues', () => {
  it('replaces values and clears with an empty list', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    const uid = await connector.update(
      ACCOUNT,
      new Uid('BJENSEN'),
      [a('email', 'babs@example.com'), AttributeBuilder.fromList('employeeNumber', [])],
      NO_OPTIONS,
    );
    expect(uid).toEqual(new Uid('BJENSEN'));
    const { objects } = await search(connector, F.equalTo(new Uid('BJENSEN')));
    expect(attrValue(objects[0], 'email')).toBe('babs@example.com');
    expect(objects[0]!.getAttributeByName('employeeNumber')).toBeUndefined();
    expect(lines(file)[1]).toBe('"Barbara","BJENSEN","Jensen","babs@example.com",');
  });

  it('renames through __NAME__ and returns the new uid', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    const uid = await connector.update(ACCOUNT, new Uid('SCARTER'), [new Name('SCARTER2')], NO_OPTIONS);
    expect(uid).toEqual(new Uid('SCARTER2'));
    expect((await search(connector)).uids).toEqual(['BJENSEN', 'JSANCHEZ', 'SCARTER2']);
  });

  it('renames through __UID__', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    const uid = await connector.update(ACCOUNT, new Uid('BJENSEN'), [new Uid('BJ')], NO_OPTIONS);
    expect(uid).toEqual(new Uid('BJ'));
    expect((await search(connector)).uids).toEqual(['BJ', 'JSANCHEZ', 'SCARTER']);
  });

  it('refuses a rename onto an existing uid (before or after the row)', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    await expect(
      connector.update(ACCOUNT, new Uid('JSANCHEZ'), [new Name('BJENSEN')], NO_OPTIONS),
    ).rejects.toThrow(AlreadyExistsException);
    await expect(
      connector.update(ACCOUNT, new Uid('JSANCHEZ'), [new Name('SCARTER')], NO_OPTIONS),
    ).rejects.toThrow(AlreadyExistsException);
    expect((await search(connector)).uids).toEqual(['BJENSEN', 'JSANCHEZ', 'SCARTER']);
  });

  it('throws UnknownUidException for a missing uid', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    for (const call of [
      () => connector.update(ACCOUNT, new Uid('NOPE'), [a('email', 'x')], NO_OPTIONS),
      () => connector.addAttributeValues(ACCOUNT, new Uid('NOPE'), [a('email', 'x')], NO_OPTIONS),
      () => connector.removeAttributeValues(ACCOUNT, new Uid('NOPE'), [a('email', 'x')], NO_OPTIONS),
      () => connector.delete(ACCOUNT, new Uid('NOPE'), NO_OPTIONS),
    ]) {
      await expect(call()).rejects.toThrow(UnknownUidException);
      await expect(call()).rejects.toThrow('Uid NOPE does not exist');
    }
  });

  it('refuses to empty the uid column', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    await expect(
      connector.update(ACCOUNT, new Uid('BJENSEN'), [AttributeBuilder.fromList('uid', [])], NO_OPTIONS),
    ).rejects.toThrow(/cannot be emptied/);
  });

  it('adds and removes individual values of multi-valued columns', async () => {
    const connector = connectorFor(fixtureCopy('multivalue.csv'), {
      headerName: 'name',
      multivalueDelimiter: ';',
    });
    await connector.addAttributeValues(
      ACCOUNT,
      new Uid('u2'),
      [a('groups', 'ops', 'dev'), a('phones', '999')],
      NO_OPTIONS,
    );
    await connector.removeAttributeValues(
      ACCOUNT,
      new Uid('u1'),
      [a('groups', 'staff', 'absent')],
      NO_OPTIONS,
    );
    const { objects } = await search(connector);
    expect(objects[1]!.getAttributeByName('groups')?.value).toEqual(['staff', 'ops', 'dev']);
    expect(objects[1]!.getAttributeByName('phones')?.value).toEqual(['999']);
    expect(objects[0]!.getAttributeByName('groups')?.value).toEqual(['dev']);
    await connector.removeAttributeValues(ACCOUNT, new Uid('u1'), [a('groups', 'dev')], NO_OPTIONS);
    expect((await search(connector)).objects[0]!.getAttributeByName('groups')).toBeUndefined();
  });

  it('rejects a value holding the multi-value delimiter', async () => {
    const connector = connectorFor(fixtureCopy('multivalue.csv'), {
      headerName: 'name',
      multivalueDelimiter: ';',
    });
    await expect(
      connector.addAttributeValues(ACCOUNT, new Uid('u2'), [a('groups', 'a;b')], NO_OPTIONS),
    ).rejects.toThrow(/multi-value delimiter/);
  });

  it('treats single-valued columns sensibly on add and remove', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    await connector.removeAttributeValues(
      ACCOUNT,
      new Uid('BJENSEN'),
      [a('email', 'other@example.com')],
      NO_OPTIONS,
    );
    expect(attrValue((await search(connector)).objects[0], 'email')).toBe('bjensen@example.com');
    await connector.removeAttributeValues(
      ACCOUNT,
      new Uid('BJENSEN'),
      [a('email', 'bjensen@example.com')],
      NO_OPTIONS,
    );
    expect((await search(connector)).objects[0]!.getAttributeByName('email')).toBeUndefined();
    await connector.addAttributeValues(
      ACCOUNT,
      new Uid('BJENSEN'),
      [a('email', 'new@example.com')],
      NO_OPTIONS,
    );
    expect(attrValue((await search(connector)).objects[0], 'email')).toBe('new@example.com');
    await expect(
      connector.addAttributeValues(
        ACCOUNT,
        new Uid('BJENSEN'),
        [a('email', 'second@example.com')],
        NO_OPTIONS,
      ),
    ).rejects.toThrow(/single-valued and already has a value/);
  });

  it('changes the password', async () => {
    const file = fixtureCopy('accounts-with-passwords.csv');
    const connector = connectorFor(file);
    await connector.update(
      ACCOUNT,
      new Uid('SCARTER'),
      [AttributeBuilder.buildPassword(new GuardedString('n3w'))],
      NO_OPTIONS,
    );
    expect(await connector.authenticate(ACCOUNT, 'SCARTER', new GuardedString('n3w'), NO_OPTIONS)).toEqual(
      new Uid('SCARTER'),
    );
  });
});

describe('delete', () => {
  it('removes the row and keeps the header', async () => {
    const file = fixtureCopy('hr.csv');
    const connector = connectorFor(file);
    await connector.delete(ACCOUNT, new Uid('JSANCHEZ'), NO_OPTIONS);
    expect((await search(connector)).uids).toEqual(['BJENSEN', 'SCARTER']);
    await connector.delete(ACCOUNT, new Uid('BJENSEN'), NO_OPTIONS);
    await connector.delete(ACCOUNT, new Uid('SCARTER'), NO_OPTIONS);
    expect(readFileSync(file, 'utf8')).toBe('"firstName","uid","lastName","email","employeeNumber"\n');
    expect((await search(connector)).uids).toEqual([]);
    await connector.create(ACCOUNT, [new Name('AGAIN')], NO_OPTIONS);
    expect((await search(connector)).uids).toEqual(['AGAIN']);
  });
});

describe('file formats on rewrite', () => {
  it('keeps a byte-order mark and the delimiter, writes the configured newline', async () => {
    const file = fixtureCopy('semicolon-crlf-bom.csv');
    const connector = connectorFor(file, { fieldDelimiter: ';', newlineString: '\r\n' });
    await connector.update(ACCOUNT, new Uid('a1'), [a('city', 'Lyon')], NO_OPTIONS);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\ufeff"uid";"city";"note"\r\n"a1";"Lyon";"semi; inside"\r\n')).toBe(true);
    expect((await search(connector)).objects.map((o) => attrValue(o, 'note'))).toEqual([
      'semi; inside',
      'line one\r\nline two',
      'quote "here"',
    ]);
  });

  it('reads and writes ISO-8859-1', async () => {
    const file = fixtureCopy('latin1.csv');
    const connector = connectorFor(file, { encoding: 'ISO-8859-1' });
    await connector.create(ACCOUNT, [new Name('l2'), a('city', 'Zürich')], NO_OPTIONS);
    expect(readFileSync(file).includes(Buffer.from('Z\xfcrich', 'latin1'))).toBe(true);
    expect((await search(connector)).objects.map((o) => attrValue(o, 'city'))).toEqual(['München', 'Zürich']);
  });
});

describe('authenticate and resolveUsername', () => {
  const file = () => fixtureCopy('accounts-with-passwords.csv');

  it('authenticates with the password column', async () => {
    const connector = connectorFor(file());
    expect(
      await connector.authenticate(ACCOUNT, 'BJENSEN', new GuardedString('Passw0rd!'), NO_OPTIONS),
    ).toEqual(new Uid('BJENSEN'));
  });

  it('rejects a wrong password, an account without password, an unknown user and blank input', async () => {
    const connector = connectorFor(file());
    const auth = (user: string, password: string) =>
      connector.authenticate(ACCOUNT, user, new GuardedString(password), NO_OPTIONS);
    await expect(auth('BJENSEN', 'wrong')).rejects.toThrow(InvalidPasswordException);
    await expect(auth('BJENSEN', 'wrong')).rejects.toThrow('Invalid username and/or password.');
    await expect(auth('SCARTER', '')).rejects.toThrow(InvalidPasswordException);
    await expect(auth('NOBODY', 'x')).rejects.toThrow(UnknownUidException);
    await expect(auth('NOBODY', 'x')).rejects.toThrow(InvalidCredentialException);
    await expect(auth('', 'x')).rejects.toThrow(InvalidCredentialException);
  });

  it('needs a password column', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    await expect(
      connector.authenticate(ACCOUNT, 'BJENSEN', new GuardedString('x'), NO_OPTIONS),
    ).rejects.toThrow(UnsupportedOperationException);
  });

  it('resolves user names to uids', async () => {
    const connector = connectorFor(file());
    expect(await connector.resolveUsername(ACCOUNT, 'JSANCHEZ', NO_OPTIONS)).toEqual(new Uid('JSANCHEZ'));
    await expect(connector.resolveUsername(ACCOUNT, 'NOBODY', NO_OPTIONS)).rejects.toThrow(
      UnknownUidException,
    );
    const named = connectorFor(fixtureCopy('multivalue.csv'), { headerName: 'name' });
    expect(await named.resolveUsername(ACCOUNT, 'bob', NO_OPTIONS)).toEqual(new Uid('u2'));
  });
});
