import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../errors.ts';
import { ouvrirLignes, type LigneBrute } from './lecture-lignes.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'maillage-lecture-'));
});
after(() => rm(dir, { recursive: true, force: true }));

let n = 0;
async function lire(contenu: string | Buffer) {
  const f = path.join(dir, `f${n++}`);
  await writeFile(f, contenu);
  const ouvert = await ouvrirLignes(f);
  const lignes: LigneBrute[] = [];
  for await (const l of ouvert.lignes) lignes.push(l);
  return { ouvert, lignes };
}

async function erreur(contenu: string | Buffer): Promise<AppError> {
  try {
    await lire(contenu);
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err;
  }
  assert.fail('une erreur était attendue');
}

describe('lecture de fichiers de lignes', () => {
  it('retire le BOM UTF-8 et garde le premier nom de colonne intact', async () => {
    const { lignes } = await lire('\uFEFFid,nom\n1,Café\n');
    assert.deepEqual(lignes[0]!.valeurs, { id: '1', nom: 'Café' });
  });

  it('détecte le point-virgule et la tabulation comme séparateurs', async () => {
    assert.deepEqual((await lire('id;nom\n1;"a,b"\n')).lignes[0]!.valeurs, { id: '1', nom: 'a,b' });
    assert.deepEqual((await lire('id\tnom\n1\tx\n')).lignes[0]!.valeurs, { id: '1', nom: 'x' });
  });

  it('convertit un fichier Latin-1 et le signale', async () => {
    const { ouvert, lignes } = await lire(Buffer.from('id,nom\n1,Médiathèque\n', 'latin1'));
    assert.equal(lignes[0]!.valeurs!.nom, 'Médiathèque');
    assert.equal(ouvert.texte.encodage(), 'windows-1252');
    assert.equal(ouvert.texte.avertissements[0]!.key, 'encoding_latin1');
  });

  it('Latin-1 découvert loin dans le fichier (après 256 Ko d’ASCII) : converti aussi', async () => {
    const debut = `id,nom\n${'1,abc\n'.repeat(60_000)}`;
    const { ouvert, lignes } = await lire(Buffer.concat([Buffer.from(debut), Buffer.from('2,Médiathèque\n', 'latin1')]));
    assert.equal(lignes.at(-1)!.valeurs!.nom, 'Médiathèque');
    assert.equal(ouvert.texte.encodage(), 'windows-1252');
  });

  it('UTF-8 puis des octets Latin-1 plus loin : erreur avec la ligne, pas de caractères cassés', async () => {
    const debut = `id,nom\n1,Café\n${'2,abc\n'.repeat(60_000)}`;
    const e = await erreur(Buffer.concat([Buffer.from(debut), Buffer.from('3,Médiathèque\n', 'latin1')]));
    assert.equal(e.details[0]!.key, 'encoding_invalid');
    assert.ok(e.details[0]!.line! > 1000);
  });

  it('refuse l’UTF-16 avec un message qui dit quoi faire', async () => {
    const e = await erreur(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,nom\n', 'utf16le')]));
    assert.equal(e.details[0]!.key, 'encoding_utf16');
    assert.match(e.message, /UTF-8/);
  });

  it('donne la vraie ligne de départ d’un enregistrement sur plusieurs lignes', async () => {
    const { lignes } = await lire('id,nom\n1,"a\nb"\n\n2,c\n');
    assert.deepEqual(lignes.map((l) => l.ligne), [2, 5]);
  });

  it('rejette une ligne au mauvais nombre de cellules sans arrêter la lecture', async () => {
    const { lignes } = await lire('id,nom\n1\n2,b\n');
    assert.equal(lignes[0]!.valeurs, null);
    assert.equal(lignes[0]!.issue!.key, 'column_count');
    assert.deepEqual(lignes[1]!.valeurs, { id: '2', nom: 'b' });
  });

  it('signale un CSV tronqué dans une cellule entre guillemets', async () => {
    const e = await erreur('id,nom\n1,"Médiath');
    assert.equal(e.details[0]!.key, 'truncated');
    assert.equal(e.details[0]!.line, 2);
  });

  it('refuse un en-tête avec une colonne en double', async () => {
    assert.equal((await erreur('id,nom,id\n1,2,3\n')).details[0]!.key, 'header_duplicate');
  });

  it('lit un tableau JSON élément par élément avec leurs lignes', async () => {
    const { ouvert, lignes } = await lire('[\n {"id": "a", "t": "x,]}\\"y"},\n {"id": "b", "l": [1, {"c": 2}]},\n 3\n]\n');
    assert.equal(ouvert.type, 'json');
    assert.deepEqual(lignes.map((l) => l.ligne), [2, 3, 4]);
    assert.equal(lignes[0]!.valeurs!.t, 'x,]}"y');
    assert.equal(lignes[2]!.valeurs, null);
    assert.equal(lignes[2]!.issue!.key, 'json_not_object');
  });

  it('refuse un JSON qui n’est pas un tableau', async () => {
    const e = await erreur('{"lieux": []}');
    assert.equal(e.details[0]!.key, 'json_not_array');
    assert.match(e.message, /tableau/);
  });

  it('signale un JSON tronqué avec sa dernière ligne', async () => {
    const e = await erreur('[\n{"id": "a"},\n{"id": "b", "nom":');
    assert.equal(e.details[0]!.key, 'truncated');
    assert.equal(e.details[0]!.line, 3);
  });

  it('signale une erreur de syntaxe JSON avec la ligne de l’élément', async () => {
    const e = await erreur('[\n{"id": "a"},\n{"id": b}\n]');
    assert.equal(e.details[0]!.key, 'json_syntax');
    assert.equal(e.details[0]!.line, 3);
  });

  it('refuse un fichier vide ou blanc', async () => {
    assert.equal((await erreur('')).details[0]!.key, 'empty_file');
    assert.equal((await erreur('\uFEFF  \n\n')).details[0]!.key, 'empty_file');
  });
});
