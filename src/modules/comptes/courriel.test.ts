import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createComptesService } from './comptes.service.ts';
import { courrierSmtp } from './courriel.ts';

interface Recu {
  de: string;
  a: string[];
  brut: string;
}

// A real SMTP server on a free local port: what nodemailer sends is what a mail server would receive.
const recus: Recu[] = [];
const serveur = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(flux, session, fin) {
    const morceaux: Buffer[] = [];
    flux.on('data', (m: Buffer) => morceaux.push(m));
    flux.on('end', () => {
      recus.push({ de: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', a: session.envelope.rcptTo.map((r) => r.address), brut: Buffer.concat(morceaux).toString('utf8') });
      fin();
    });
  },
});
let port = 0;
let database: DatabaseHandle;

before(async () => {
  await new Promise<void>((ok) => serveur.listen(0, '127.0.0.1', ok));
  port = (serveur.server.address() as AddressInfo).port;
  database = await createTestDatabase('pglite');
});
after(async () => {
  await database.close();
  await new Promise<void>((ok) => serveur.close(() => ok()));
});

/** Quoted-printable soft breaks and escapes undone, enough to read a link back. */
const corps = (brut: string) => brut.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

test('account e-mails go out over SMTP (nodemailer) and carry a working one-time link', async () => {
  const courrier = courrierSmtp(`smtp://127.0.0.1:${port}`, 'Maillage <ne-pas-repondre@maillage.test>');
  const comptes = createComptesService({ db: database.db, courrier, publicUrl: 'https://maillage.test' });
  await comptes.inscrire('eve@exemple.fr', 'phrase de passe assez longue');
  assert.equal(recus.length, 1);
  const m = recus[0]!;
  assert.equal(m.de, 'ne-pas-repondre@maillage.test');
  assert.deepEqual(m.a, ['eve@exemple.fr']);
  assert.match(m.brut, /^Subject: =\?UTF-8\?Q\?Confirmez_votre_adresse_/m);
  assert.match(m.brut, /Content-Type: text\/plain/i);
  const jeton = /https:\/\/maillage\.test\/compte\/verifier\?jeton=([A-Za-z0-9_-]{43})/.exec(corps(m.brut))?.[1];
  assert.ok(jeton, m.brut);
  await comptes.verifierEmail(jeton);
  assert.ok(await comptes.connecter('eve@exemple.fr', 'phrase de passe assez longue'));
  assert.equal((await database.db.selectFrom('courriels_sortants').selectAll().execute()).length, 0, 'nothing in the outbox when SMTP is set');
  courrier.close();
});
