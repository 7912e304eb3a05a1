import type { Db } from '../../db/connect.ts';
import type { TerritoiresService } from '../territoires/territoires.ts';
import type { Courrier } from './courriel.ts';
import { gestionnairesDuLieu, signalementsOuverts } from './gestion.repository.ts';
import { DELAI_ESCALADE_JOURS } from './signalements.traitement.ts';

/**
 * The e-mails of the report routing, meant to run every few minutes (`maillage signalements notifier`, cron):
 * each open report is announced once to the managers of its place, and once to the coordinators of its
 * territory when it is still open after DELAI_ESCALADE_JOURS — or at once when nobody manages the place.
 * A step is recorded only after its messages left, so a mail server outage means a retry at the next run.
 */
export function createNotificationSignalements(o: { db: Db; courrier: Courrier; territoires: Pick<TerritoiresService, 'commune'>; publicUrl: string }) {
  const { db } = o;
  return {
    async notifier(maintenant = new Date()): Promise<{ gestionnaires: number; coordinateurs: number }> {
      const ouverts = await signalementsOuverts(db);
      const faits = await db.selectFrom('signalements_notifications').select(['signalement_id', 'etape']).where('signalement_id', 'in', ouverts.length ? ouverts.map((r) => r.id) : [0]).execute();
      const deja = new Set(faits.map((f) => `${f.signalement_id}:${f.etape}`));
      const limite = maintenant.getTime() - DELAI_ESCALADE_JOURS * 86_400_000;
      const compte = { gestionnaires: 0, coordinateurs: 0 };

      for (const r of ouverts) {
        const structures = await gestionnairesDuLieu(db, r.uid);
        const texte = `Un visiteur signale une erreur sur « ${r.nom} » (${r.type}) :\n\n${r.message}\n\nPour le traiter : ${o.publicUrl}/espace`;
        if (structures.length && !deja.has(`${r.id}:gestionnaires`)) {
          const a = await db.selectFrom('membres').innerJoin('utilisateurs as u', 'u.id', 'membres.utilisateur_id').select('u.email').distinct()
            .where('structure_id', 'in', structures).where('role', 'in', ['responsable', 'mediateur']).execute();
          await envoyer(r.id, 'gestionnaires', a.map((x) => x.email), `Signalement sur « ${r.nom} »`, texte);
          compte.gestionnaires++;
        }
        if ((!structures.length || r.cree_le.getTime() < limite) && !deja.has(`${r.id}:coordinateurs`)) {
          const c = r.code_insee ? o.territoires.commune(r.code_insee) : undefined;
          if (!c) continue;
          const a = await db.selectFrom('roles_territoriaux').innerJoin('utilisateurs as u', 'u.id', 'roles_territoriaux.utilisateur_id').select('u.email').distinct()
            .where('role', '=', 'coordinateur').where((eb) => eb.or([eb('departement', '=', c.departement), eb('region', '=', c.region)])).execute();
          const pourquoi = structures.length ? `Il n’a pas été traité par les gestionnaires du lieu depuis ${DELAI_ESCALADE_JOURS} jours.` : 'Personne ne gère encore ce lieu.';
          await envoyer(r.id, 'coordinateurs', a.map((x) => x.email), `Signalement à reprendre sur « ${r.nom} »`, `${pourquoi}\n\n${texte}`);
          compte.coordinateurs++;
        }
      }
      return compte;
    },
  };

  async function envoyer(id: number, etape: 'gestionnaires' | 'coordinateurs', destinataires: string[], sujet: string, texte: string) {
    for (const d of destinataires) await o.courrier.envoyer({ destinataire: d, sujet, texte });
    await db.insertInto('signalements_notifications').values({ signalement_id: id, etape, destinataires: destinataires.length }).onConflict((oc) => oc.doNothing()).execute();
  }
}

export type NotificationSignalements = ReturnType<typeof createNotificationSignalements>;
