import type { Db } from '../../db/connect.ts';
import type { NouveauSignalement, Signalement } from './signalement.ts';
import { insererSignalement, signalementsDuLieu } from './signalements.repository.ts';

/** Stores visitors' error reports; listing them is for the place's managers (accounts issue). */
export function createSignalementsService(db: Db) {
  return {
    enregistrer: (s: NouveauSignalement): Promise<number> => insererSignalement(db, s),
    duLieu: (uid: string): Promise<Signalement[]> => signalementsDuLieu(db, uid),
  };
}

export type SignalementsService = ReturnType<typeof createSignalementsService>;
