import type pg from 'pg';

/**
 * `COPY … FROM STDIN` on a node-postgres client, without the pg-copy-streams dependency: node-postgres runs
 * any object with a `submit` method as a query and hands it the protocol's messages (the way pg-copy-streams
 * and pg-cursor plug in).
 *
 * `requete` is one simple-protocol query whose first statement is the COPY; statements after it run in the same
 * message (the import's upsert and TRUNCATE), so the server goes from the COPY to them without waiting for this
 * process. The data follows the query at once, without waiting for CopyInResponse: the server reads it in
 * order, and drops it if the COPY fails before reading it (protocol, "COPY Operations"). Resolves with the text
 * cells of the rows the statements return; rejects with the server's error, when it comes: node-postgres then
 * forgets the query and will not tell it about the ReadyForQuery that follows.
 */
export function copierDepuis(client: pg.ClientBase, requete: string, donnees: Buffer): Promise<(string | null)[][]> {
  return new Promise((resolve, reject) => {
    const lignes: (string | null)[][] = [];
    const sansEffet = () => undefined;
    const copie = {
      text: requete,
      submit(connexion: ConnexionPg) {
        connexion.query(requete);
        connexion.sendCopyFromChunk(donnees);
        connexion.endCopyFrom();
      },
      handleCopyInResponse: sansEffet,
      handleDataRow(message: { fields: (string | null)[] }) {
        lignes.push(message.fields);
      },
      handleError: reject,
      handleReadyForQuery() {
        resolve(lignes);
      },
      handleCommandComplete: sansEffet,
      handleRowDescription: sansEffet,
      handlePortalSuspended: sansEffet,
      handleEmptyQuery: sansEffet,
      handleCopyData: sansEffet,
    };
    client.query(copie as unknown as pg.QueryConfig);
  });
}

interface ConnexionPg {
  query(texte: string): void;
  sendCopyFromChunk(morceau: Buffer): void;
  endCopyFrom(): void;
}

/**
 * One batch's COPY data, each line written as UTF-8 where it goes: no batch-sized string to join and then
 * encode (that was ≈ 4 µs a row). Grows by doubling, so its size stays that of the largest batch.
 */
export class TamponCopie {
  #octets = Buffer.allocUnsafe(1 << 20);
  #fin = 0;
  lignes = 0;

  ajouter(ligne: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const pire = ligne.length * 3;
    if (this.#fin + pire > this.#octets.length) {
      const plus = Buffer.allocUnsafe(Math.max(this.#octets.length * 2, this.#fin + pire));
      this.#octets.copy(plus, 0, 0, this.#fin);
      this.#octets = plus;
    }
    this.#fin += this.#octets.write(ligne, this.#fin);
    this.lignes++;
  }

  /** The lines written so far (a view: valid until the next vider()). */
  contenu(): Buffer {
    return this.#octets.subarray(0, this.#fin);
  }

  vider(): void {
    this.#fin = 0;
    this.lignes = 0;
  }
}
