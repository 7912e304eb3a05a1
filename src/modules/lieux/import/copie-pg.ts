import type pg from 'pg';

/**
 * `COPY … FROM STDIN` on a node-postgres client, without the pg-copy-streams dependency: node-postgres runs
 * any object with a `submit` method as a query and hands it the protocol's messages (the way pg-copy-streams
 * and pg-cursor plug in). The data is already in memory (one batch of the import), so it is sent in one go
 * when the server asks for it. The promise settles with the row count at ReadyForQuery, or with the error when
 * it comes: node-postgres then forgets the query and will not tell it about the ReadyForQuery that follows.
 */
export function copierDepuis(client: pg.ClientBase, requete: string, donnees: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let lignes = 0;
    const sansEffet = () => undefined;
    const copie = {
      text: requete,
      submit(connexion: ConnexionPg) {
        connexion.query(requete);
      },
      handleCopyInResponse(connexion: ConnexionPg) {
        connexion.sendCopyFromChunk(donnees);
        connexion.endCopyFrom();
      },
      handleCommandComplete(message: { text?: string }) {
        lignes = Number(/^COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
      },
      handleError: reject,
      handleReadyForQuery() {
        resolve(lignes);
      },
      handleRowDescription: sansEffet,
      handleDataRow: sansEffet,
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
