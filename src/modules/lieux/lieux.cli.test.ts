import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import pg from 'pg';
import { UsageError, type Command } from '../../cli/command.ts';
import { EXEMPLE_OFFICIEL, csv, lieu } from './import/aide-test.ts';
import { basePostgresJetable } from '../../../test/helpers/db.ts';
import { CNFS, FRANCE_SERVICES } from '../../../test/helpers/soyaux.ts';
import { dedupeCommand } from '../sources/sources.cli.ts';
import { exportCommand, importCommand } from './lieux.cli.ts';

async function lancer(commande: Command, args: string[]) {
  const sorties = { stdout: [] as string[], stderr: [] as string[] };
  const log = mock.method(console, 'log', (s: string) => sorties.stdout.push(s));
  const erreur = mock.method(console, 'error', (s: string) => sorties.stderr.push(s));
  try {
    return { code: await commande.run(args), ...sorties };
  } finally {
    log.mock.restore();
    erreur.mock.restore();
  }
}

describe('maillage import / export : erreurs d’usage', () => {
  it('import sans fichier, export dans un format inconnu : UsageError (code 2 dans src/cli.ts)', async () => {
    await assert.rejects(importCommand.run([]), UsageError);
    await assert.rejects(importCommand.run(['a.csv', '--inconnue']), UsageError);
    await assert.rejects(exportCommand.run(['--format', 'xml']), UsageError);
  });
});

// The commands boot the real configuration (DATABASE_URL): run them against a throw-away PostgreSQL database.
describe('maillage import / export sur PostgreSQL', { skip: !process.env.TEST_DATABASE_URL }, () => {
  let dossier: string;
  let base: Awaited<ReturnType<typeof basePostgresJetable>>;
  const avant = process.env.DATABASE_URL;
  before(async () => {
    dossier = await mkdtemp(path.join(tmpdir(), 'maillage-cli-'));
    base = await basePostgresJetable(process.env.TEST_DATABASE_URL!, 'maillage_cli');
    process.env.DATABASE_URL = base.url;
  });
  after(async () => {
    if (avant === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = avant;
    await base.supprimer();
    await rm(dossier, { recursive: true, force: true });
  });

  it('une ligne invalide : code 1, le rapport par ligne et champ, rien écrit ; --skip-invalid : code 0', async () => {
    const fichier = path.join(dossier, 'lieux.csv');
    await writeFile(fichier, csv([lieu('a'), lieu('b', { code_postal: '5110' })]));
    const r = await lancer(importCommand, [fichier, '--source', 'cli']);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.some((l) => /ligne 3, champ code_postal : .*\[pattern\]/.test(l)), r.stderr.join('\n'));
    assert.ok(r.stderr.some((l) => /Rien n’a été écrit/.test(l)));
    assert.match(r.stdout.join('\n'), /lus : 2 · créés : 0 · mis à jour : 0 · inchangés : 0 · rejetés : 1/);
    const ok = await lancer(importCommand, [fichier, '--source', 'cli', '--skip-invalid']);
    assert.equal(ok.code, 0);
    assert.match(ok.stdout.join('\n'), /créés : 1 .* rejetés : 1/);
    assert.match(await readFile(`${fichier}.rejets.csv`, 'utf8'), /^\uFEFFligne;id;champ;valeur;cle;message\n3;b;code_postal;5110;pattern;/);
  });

  it('export --out : le CSV du standard', async () => {
    await lancer(importCommand, [EXEMPLE_OFFICIEL, '--source', 'exemple']);
    const sortie = path.join(dossier, 'export.csv');
    const r = await lancer(exportCommand, ['--format', 'csv', '--out', sortie]);
    assert.equal(r.code, 0);
    const lignes = (await readFile(sortie, 'utf8')).trim().split('\n');
    assert.equal(lignes.length, 3);
    assert.ok(lignes[0]!.startsWith('"id","pivot","nom","commune","code_postal"'));
  });

  it('une fois le registre fusionné publié, un import le remet à jour (dédoublonnage de sa source)', async () => {
    const fichiers = { cnfs: path.join(dossier, 'cnfs.json'), fs: path.join(dossier, 'fs.json') };
    await writeFile(fichiers.cnfs, JSON.stringify(CNFS));
    await writeFile(fichiers.fs, JSON.stringify(FRANCE_SERVICES.slice(0, 1)));
    const premier = await lancer(importCommand, [fichiers.cnfs, '--source', 'cnfs']);
    assert.ok(!premier.stdout.some((l) => /Registre publié/.test(l)), 'rien de publié encore : le premier dédoublonnage décide');
    await lancer(importCommand, [fichiers.fs, '--source', 'france-services']);
    assert.equal((await lancer(dedupeCommand, [])).code, 0);
    /** Published places of Soyaux (or of the whole register). */
    const publies = async (tous = false) => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      try {
        return Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM lieux_publies${tous ? '' : ` WHERE code_postal = '16800'`}`)).rows[0]!.n);
      } finally {
        await c.end();
      }
    };
    assert.equal(await publies(), 2, 'Omega une fois, la mairie');
    // France Services now also publishes the town hall: published at once, merged with the CNFS record.
    await writeFile(fichiers.fs, JSON.stringify(FRANCE_SERVICES.slice(0, 2)));
    const r = await lancer(importCommand, [fichiers.fs, '--source', 'france-services']);
    assert.equal(r.code, 0);
    const message = /Registre publié mis à jour \(dédoublonnage incrémental après l’import de « france-services », \d+\.\d s\) : (\d+) lieux publiés\./.exec(r.stdout.join('\n'));
    assert.ok(message, r.stdout.join('\n'));
    assert.equal(Number(message[1]), await publies(true), 'le nombre annoncé est celui des lieux publiés');
    assert.equal(await publies(), 2, 'la mairie des deux sources reste un seul lieu');
    await writeFile(fichiers.fs, JSON.stringify(FRANCE_SERVICES));
    const sans = await lancer(importCommand, [fichiers.fs, '--source', 'france-services', '--sans-dedoublonnage']);
    assert.ok(!sans.stdout.some((l) => /Registre publié/.test(l)));
    assert.equal(await publies(), 3, 'la Cyberbase, nouvelle, se voit aussitôt, seule');
  });
});
