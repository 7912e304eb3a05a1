import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Issue } from '../../../errors.ts';

function cellule(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",;\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The rejects file: one line per problem (a row may have several), opened only when the first reject comes.
 * UTF-8 with a BOM and `;` separators, because the person who reads it opens it in Excel.
 */
export class FichierRejets {
  chemin: string;
  private flux: WriteStream | undefined;
  lignes = 0;

  constructor(chemin: string) {
    this.chemin = chemin;
  }

  async ecrire(id: string | undefined, issue: Issue): Promise<void> {
    if (!this.flux) {
      this.flux = await ouvrir(this.chemin).catch(() => {
        // The input's folder may be read-only (a mounted share): the list still goes somewhere, and the
        // summary prints where.
        this.chemin = path.join(tmpdir(), path.basename(this.chemin));
        return ouvrir(this.chemin);
      });
      this.flux.write('\uFEFFligne;id;champ;valeur;cle;message\n');
    }
    this.lignes++;
    const ligne = [issue.line, id, issue.field, issue.value, issue.key, issue.message].map(cellule).join(';');
    if (!this.flux.write(`${ligne}\n`)) await once(this.flux, 'drain');
  }

  async fermer(): Promise<boolean> {
    if (!this.flux) return false;
    const flux = this.flux;
    await new Promise<void>((resolve, reject) => flux.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return true;
  }
}

async function ouvrir(chemin: string): Promise<WriteStream> {
  const flux = createWriteStream(chemin);
  await once(flux, 'open');
  return flux;
}
