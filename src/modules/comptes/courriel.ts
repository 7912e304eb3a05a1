import nodemailer from 'nodemailer';
import type { Db } from '../../db/connect.ts';

export interface Courriel {
  destinataire: string;
  sujet: string;
  texte: string;
}

/** Sends account e-mails. Plain text only: no HTML to escape, nothing for a mail client to load. */
export interface Courrier {
  envoyer(c: Courriel): Promise<void>;
  /** 'smtp' or 'outbox' — the pages say where to look in development. */
  readonly mode: 'smtp' | 'outbox';
  close(): void;
}

/** SMTP through nodemailer, configured by SMTP_URL (pooled connection, TLS as the URL says). */
export function courrierSmtp(url: string, expediteur: string): Courrier {
  const transport = nodemailer.createTransport(url);
  return {
    mode: 'smtp',
    async envoyer(c) {
      await transport.sendMail({ from: expediteur, to: c.destinataire, subject: c.sujet, text: c.texte });
    },
    close: () => transport.close(),
  };
}

/**
 * Without SMTP_URL the messages are kept in the database (the embedded default has no mail server) and shown
 * at /dev/outbox outside production. Kept 7 days: they hold one-time links.
 */
export function courrierOutbox(db: Db): Courrier {
  return {
    mode: 'outbox',
    async envoyer(c) {
      await db.deleteFrom('courriels_sortants').where('cree_le', '<', new Date(Date.now() - 7 * 86_400_000)).execute();
      await db.insertInto('courriels_sortants').values({ destinataire: c.destinataire, sujet: c.sujet, texte: c.texte }).execute();
    },
    close: () => {},
  };
}

export async function lireOutbox(db: Db, limite = 50) {
  return db.selectFrom('courriels_sortants').selectAll().orderBy('id', 'desc').limit(limite).execute();
}
