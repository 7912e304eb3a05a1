import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors.ts';
import { lignesCsv, lignesCsvParse, type LigneCsv, type Separateur } from './csv-flux.ts';
import { enregistrementsRapides, type Enregistrement } from './csv-rapide.ts';

/** The text cut into chunks of `taille` characters (1 = the worst case for a reader that works per chunk). */
async function* morceaux(texte: string, taille: number): AsyncGenerator<string> {
  for (let i = 0; i < texte.length; i += taille) yield texte.slice(i, i + taille);
}

type Issue = { lignes: LigneCsv[] } | { erreur: { key: string; line?: number; message: string } };

async function lire(lecteur: AsyncIterable<LigneCsv>): Promise<Issue> {
  const lignes: LigneCsv[] = [];
  try {
    for await (const l of lecteur) lignes.push(l);
    return { lignes };
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    const d = err.details[0]!;
    return { erreur: { key: d.key, ...(d.line === undefined ? {} : { line: d.line }), message: err.message } };
  }
}

/** The fast reader (with its csv-parse fallback) must give exactly what csv-parse alone gave, whatever the chunks. */
async function memeResultat(texte: string, sep: Separateur = ','): Promise<Issue> {
  const attendu = await lire(lignesCsvParse(morceaux(texte, 1 << 20), sep));
  for (const taille of [1, 2, 3, 7, 64, 1 << 20]) {
    assert.deepEqual(await lire(lignesCsv(morceaux(texte, taille), sep)), attendu, `${JSON.stringify(texte)} par morceaux de ${taille}`);
  }
  return attendu;
}

async function rapide(texte: string, sep = ','): Promise<{ enregistrements: Enregistrement[]; reprise: boolean }> {
  const enregistrements: Enregistrement[] = [];
  const it = enregistrementsRapides(morceaux(texte, 5), sep);
  for (;;) {
    const r = await it.next();
    if (r.done) return { enregistrements, reprise: r.value.reprise !== undefined };
    enregistrements.push(...r.value);
  }
}

describe('lecteur CSV rapide', () => {
  it('lit seul un CSV régulier : guillemets, guillemets doublés, retours à la ligne entre guillemets, lignes exactes', async () => {
    const texte = 'id,nom,desc\n1,"a,b","dit ""oui"""\n2,"sur\ndeux lignes",\n\n3,,""\n4,x,y';
    const { enregistrements, reprise } = await rapide(texte);
    assert.equal(reprise, false);
    assert.deepEqual(enregistrements, [
      { cellules: ['id', 'nom', 'desc'], ligne: 1 },
      { cellules: ['1', 'a,b', 'dit "oui"'], ligne: 2 },
      { cellules: ['2', 'sur\ndeux lignes', ''], ligne: 3 },
      { cellules: ['3', '', ''], ligne: 6 },
      { cellules: ['4', 'x', 'y'], ligne: 7 },
    ]);
    await memeResultat(texte);
  });

  it('CRLF, point-virgule, tabulation', async () => {
    const crlf = 'id;nom\r\n1;"a;b"\r\n2;"x""y"\r\n\r\n3;z\r\n';
    const { enregistrements, reprise } = await rapide(crlf, ';');
    assert.equal(reprise, false);
    assert.deepEqual(enregistrements.map((e) => [e.ligne, e.cellules]), [[1, ['id', 'nom']], [2, ['1', 'a;b']], [3, ['2', 'x"y']], [5, ['3', 'z']]]);
    await memeResultat(crlf, ';');
    // A quoted CRLF: csv-parse reads the rest (its own line count).
    await memeResultat('id;nom\r\n1;a\r\n2;"x\r\ny"\r\n3;z\r\n', ';');
    await memeResultat('id\tnom\n1\t"a\tb"\n', '\t');
  });

  it('BOM : retiré en amont (lecture-fichier) ; s’il en restait un, même lecture que csv-parse', async () => {
    const { lignes } = (await memeResultat('id,nom\n1,Café\n')) as { lignes: LigneCsv[] };
    assert.deepEqual(lignes[0]!.valeurs, { id: '1', nom: 'Café' });
    await memeResultat('\uFEFFid,nom\n1,Café\n');
  });

  it('passe la main à csv-parse sur ce qu’il ne lit pas exactement, avec les mêmes erreurs et lignes', async () => {
    for (const texte of [
      'id,nom\n1,"Médiath', // truncated quote
      'id,nom\n1,a\n2,"b\nc\n', // truncated after a quoted newline
      'id,nom\n1,a\n2,"b"x\n3,c\n', // text after a closing quote
      'id,nom\n1,a\n2,b"c\n3,d\n', // quote inside an unquoted cell
      'id,nom\n1,a\r2,b\n', // bare CR
      'id,nom\r\n1,a\n2,b\r\n', // LF in a CRLF file
      'id,nom\n1,a\r\n2,b\n', // CRLF in an LF file
      '\n\nid,nom\n1,a\n', // blank lines before the header
      'id,nom\n1\n2,b,c\n3,d\n', // wrong cell counts (not an error: rows with an issue)
      'id,nom,id\n1,2,3\n', // duplicate header
      '"i\nd",nom\n1,2\n', // quoted newline in the header
      '', // empty
    ]) {
      await memeResultat(texte);
    }
    const e = (await memeResultat('id,nom\n1,a\n2,"b\nc')) as { erreur: { key: string; line?: number } };
    assert.equal(e.erreur.key, 'truncated');
    assert.equal(e.erreur.line, 4);
    const q = (await memeResultat('id,nom\n1,a\n\n2,"b"x\n')) as { erreur: { key: string; line?: number } };
    assert.equal(q.erreur.key, 'csv_quote');
    assert.equal(q.erreur.line, 4);
  });

  it('même résultat que csv-parse sur des milliers de textes tirés au hasard', async () => {
    let graine = 42;
    const hasard = (n: number) => {
      graine = (graine * 1103515245 + 12345) % 2 ** 31;
      return graine % n;
    };
    const pieces = ['a', 'bc', ',', ',', ';', '"', '""', '\n', '\n', '\r\n', '\r', 'é', ' ', '"x,y"', '"p\nq"'];
    for (let k = 0; k < 1500; k++) {
      let texte = hasard(2) ? 'id,nom,c\n' : 'id,nom,c\r\n';
      const n = 1 + hasard(12);
      for (let i = 0; i < n; i++) texte += pieces[hasard(pieces.length)];
      await memeResultat(texte);
    }
  });
});
