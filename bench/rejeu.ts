// The answers of a server, captured byte for byte and served again by a server that does nothing else: what
// the load generator alone allows for those bytes. If the real route reaches the replay's throughput, the
// figure measures the client, not the route (docs/benchmarks.md, « Sixth pass »).
import net from 'node:net';

/**
 * The raw answer (status line, headers, body) to a GET of `chemin`, read on a keep-alive connection until its
 * Content-Length is complete, so that its headers are those a load generator gets (no `Connection: close`).
 */
export function capturer(port: number, chemin: string, entetes: Record<string, string>): Promise<Buffer> {
  return new Promise((ok, ko) => {
    const s = net.connect(port, '127.0.0.1');
    const lignes = Object.entries(entetes).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    s.write(`GET ${chemin} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${lignes}\r\n`);
    let recu = Buffer.alloc(0);
    const echec = (message: string) => {
      s.destroy();
      ko(new Error(`${chemin} : ${message}`));
    };
    s.on('data', (d: Buffer) => {
      recu = Buffer.concat([recu, d]);
      const fin = recu.indexOf('\r\n\r\n');
      if (fin < 0) return;
      const tete = recu.subarray(0, fin).toString('latin1');
      // Only a 200 is worth replaying: a 429 or a 500 would make a fast, meaningless replay.
      if (!tete.startsWith('HTTP/1.1 200 ')) return echec(tete.slice(0, tete.indexOf('\r\n')));
      const longueur = /\r\ncontent-length: *(\d+)/i.exec(tete)?.[1];
      if (longueur === undefined) return echec('réponse sans Content-Length');
      if (recu.length < fin + 4 + Number(longueur)) return;
      s.destroy();
      ok(recu.subarray(0, fin + 4 + Number(longueur)));
    });
    s.on('error', (e) => echec(e.message));
    s.on('close', () => echec('connexion fermée avant la fin de la réponse')); // no effect once settled
  });
}

/** A server that answers each request line `GET <path>` with that path's captured bytes (requests have no body). */
export async function servirRejeu(reponses: ReadonlyMap<string, Buffer>): Promise<{ base: string; fermer: () => Promise<void> }> {
  const serveur = net.createServer((s) => {
    s.on('error', () => undefined); // the load generator resets its connections at the end
    let attente = '';
    s.on('data', (d: Buffer) => {
      attente += d.toString('latin1');
      for (let fin = attente.indexOf('\r\n\r\n'); fin >= 0; fin = attente.indexOf('\r\n\r\n')) {
        const ligne = attente.slice(0, attente.indexOf('\r\n'));
        attente = attente.slice(fin + 4);
        const reponse = reponses.get(ligne.split(' ')[1] ?? '');
        s.write(reponse ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      }
    });
  });
  await new Promise<void>((r) => serveur.listen(0, '127.0.0.1', r));
  const { port } = serveur.address() as net.AddressInfo;
  return { base: `http://127.0.0.1:${port}`, fermer: () => new Promise((r) => serveur.close(() => r())) };
}
