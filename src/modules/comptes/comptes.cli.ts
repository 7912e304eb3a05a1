import { z } from 'zod';
import { parseFlags, UsageError, withDeps, type Command } from '../../cli/command.ts';
import type { Deps } from '../../deps.ts';
import { schemaEmail } from './comptes.service.ts';

const flags = z.object({ positionals: z.array(z.string()) });

/**
 * Creates (or promotes) a national administrator. No password on the command line (shell history, ps): the
 * command prints a one-time link, valid 7 days, to choose it — the same link is also sent by e-mail.
 */
export async function creerAdministrateurCli(deps: Pick<Deps, 'comptes'>, argv: string[], out: (l: string) => void): Promise<number> {
  const { positionals } = parseFlags(argv, {}, flags);
  if (positionals.length !== 1) throw new UsageError('indiquez une seule adresse électronique');
  const email = schemaEmail.safeParse(positionals[0]);
  if (!email.success) throw new UsageError(`adresse électronique invalide : ${positionals[0]}`);
  const r = await deps.comptes.structures.creerAdministrateur(email.data);
  if (r.cree) {
    out(`Compte créé : ${email.data} est administrateur national.`);
    out(`Pour choisir le mot de passe, ouvrir ce lien (valable 7 jours, une seule fois) :\n${r.lien}`);
  } else {
    out(`${email.data} avait déjà un compte : il est maintenant administrateur national (mot de passe inchangé).`);
  }
  return 0;
}

export const adminCreateCommand: Command = {
  name: 'admin create',
  summary: 'Crée un administrateur national (ou en fait un d’un compte existant) et affiche le lien pour choisir son mot de passe.',
  usage: 'maillage admin create <email>',
  run: (argv) => withDeps((deps) => creerAdministrateurCli(deps, argv, (l) => console.log(l))),
};

export const signalementsNotifierCommand: Command = {
  name: 'signalements notifier',
  summary: 'Envoie les courriels des signalements : aux gestionnaires, puis aux coordinateurs après 7 jours (à lancer par cron).',
  usage: 'maillage signalements notifier',
  run: (argv) =>
    withDeps(async (deps) => {
      parseFlags(argv, {}, z.object({ positionals: z.array(z.string()).max(0, 'aucun argument attendu') }));
      const n = await deps.comptes.notification.notifier();
      console.log(`Signalements annoncés aux gestionnaires : ${n.gestionnaires} ; aux coordinateurs : ${n.coordinateurs}.`);
      return 0;
    }),
};
