/**
 * The CRUD smoke both deployments run through the REST API against the CSV connector: create, read, update
 * (PUT, with `If-Match` when the connector returns a `_rev`), patch (replace + add), query by filter, delete.
 * It leaves the file as it found it.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { HR_USERS, type IdmClient, ids, SYSTEM } from './support.js';

const JDOE = {
  uid: 'JDOE',
  firstName: 'John',
  lastName: 'Doe',
  email: 'jdoe@example.com',
  employeeNumber: '345678',
};

export async function crudSmoke(idm: IdmClient, csvFile: string): Promise<void> {
  const accounts = `/openidm/system/${SYSTEM}/account`;

  const created = await idm.call('POST', `${accounts}?_action=create`, { body: JDOE });
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toBe(`${accounts}/JDOE`);
  expect(created.body).toMatchObject({ _id: 'JDOE', ...JDOE });
  expect(readFileSync(csvFile, 'utf8')).toContain('"JDOE"');

  const read = await idm.call('GET', `${accounts}/JDOE`);
  expect(read.status).toBe(200);
  expect(read.body).toEqual({ _id: 'JDOE', ...JDOE });
  const revision: string | undefined = read.body._rev;

  const updated = await idm.call('PUT', `${accounts}/JDOE`, {
    body: { ...JDOE, lastName: 'Doe-Smith', employeeNumber: '345679' },
    headers: revision === undefined ? {} : { 'If-Match': revision },
  });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ _id: 'JDOE', lastName: 'Doe-Smith', employeeNumber: '345679' });

  const patched = await idm.call('PATCH', `${accounts}/JDOE`, {
    body: [
      { operation: 'replace', field: 'email', value: 'john.doe@example.com' },
      { operation: 'add', field: '/firstName', value: 'Johnny' },
    ],
  });
  expect(patched.status).toBe(200);
  expect(patched.body).toEqual({
    _id: 'JDOE',
    uid: 'JDOE',
    firstName: 'Johnny',
    lastName: 'Doe-Smith',
    email: 'john.doe@example.com',
    employeeNumber: '345679',
  });
  expect((await idm.call('GET', `${accounts}/JDOE?_fields=email`)).body).toEqual({
    _id: 'JDOE',
    email: 'john.doe@example.com',
  });

  const byFilter = await idm.call(
    'GET',
    `${accounts}?_queryFilter=${encodeURIComponent('lastName sw "Doe" or email eq "bjensen@example.com"')}`,
  );
  expect(byFilter.status).toBe(200);
  expect(ids(byFilter)).toEqual(['BJENSEN', 'JDOE']);
  expect(byFilter.body.resultCount).toBe(2);

  const deleted = await idm.call('DELETE', `${accounts}/JDOE`);
  expect(deleted.status).toBe(200);
  expect(deleted.body).toMatchObject({ _id: 'JDOE', firstName: 'Johnny' });
  const gone = await idm.call('GET', `${accounts}/JDOE`);
  expect(gone.status).toBe(404);
  expect(gone.body).toMatchObject({ code: 404, message: 'Object JDOE not found on system/csv/account' });
  expect(readFileSync(csvFile, 'utf8')).not.toContain('JDOE');
  expect(ids(await idm.call('GET', `${accounts}?_queryFilter=true`))).toEqual([...HR_USERS]);
}
