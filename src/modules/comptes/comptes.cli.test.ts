import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UsageError } from '../../cli/command.ts';
import { createTestApp } from '../../../test/helpers/app.ts';
import { creerAdministrateurCli } from './comptes.cli.ts';
import { chargerActeur } from './comptes.repository.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('`maillage admin create <email>`: creates the admin, prints a one-time link that sets the password', async () => {
  const lignes: string[] = [];
  assert.equal(await creerAdministrateurCli(t.deps, ['Premiere@Exemple.fr'], (l) => lignes.push(l)), 0);
  const jeton = /jeton=([A-Za-z0-9_-]{43})/.exec(lignes.join('\n'))?.[1];
  assert.ok(jeton, lignes.join('\n'));
  const { comptes } = t.deps.comptes;
  await comptes.reinitialiser(jeton, 'phrase de passe du premier admin');
  const s = await comptes.connecter('premiere@exemple.fr', 'phrase de passe du premier admin');
  const acteur = (await comptes.session(s.jeton))!.acteur;
  assert.equal(acteur.administrateur, true);

  // Again on an existing account: promoted, no new link, password unchanged.
  lignes.length = 0;
  await creerAdministrateurCli(t.deps, ['premiere@exemple.fr'], (l) => lignes.push(l));
  assert.match(lignes.join('\n'), /déjà un compte/);
  assert.equal((await chargerActeur(t.deps.database.db, acteur.id))?.administrateur, true);

  await assert.rejects(creerAdministrateurCli(t.deps, [], () => {}), UsageError);
  await assert.rejects(creerAdministrateurCli(t.deps, ['pas-une-adresse'], () => {}), UsageError);
});
