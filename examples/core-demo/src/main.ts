/**
 * A short tour of @rcskit/core, printed to the console. Later issues replace the README's main command with
 * the RCS and the gateway; until then this shows the model they are built on.
 */
import {
  ConnectorObjectBuilder,
  GuardedString,
  int,
  javaTypeOf,
  long,
  ObjectClass,
  pickHighestVersion,
} from '@rcskit/core';

const barbara = new ConnectorObjectBuilder()
  .setObjectClass(ObjectClass.ACCOUNT)
  .setUid('bjensen')
  .setName('bjensen')
  .addAttribute('firstName', 'Barbara')
  .addAttribute('lastName', 'Jensen')
  .addAttribute('employeeNumber', int(123456))
  .addAttribute('lastLogin', long(2n ** 60n))
  .addAttribute('__PASSWORD__', new GuardedString('Passw0rd'))
  .build();

console.log('A connector object, every value with its Java type:');
for (const attr of barbara.attributes) {
  const types = (attr.value ?? []).map((v) => javaTypeOf(v)).join(', ');
  console.log(`  ${attr.name.padEnd(16)} ${JSON.stringify(attr.value)}  (${types})`);
}

const installed = ['1.5.9.0', '1.5.10.0', '1.6.0.0'];
console.log('\nBundle versions installed:', installed.join(', '));
for (const spec of ['[1.5.0.0,1.6.0.0)', '1.6.0.0', '^1.5.0']) {
  console.log(`  ${spec.padEnd(18)} → ${pickHighestVersion(installed, spec) ?? '(none)'}`);
}
