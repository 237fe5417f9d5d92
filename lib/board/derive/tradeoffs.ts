/**
 * The tradeoff ledger's balance. An entry "party X concedes … → unlocks …"
 * benefits every other party; each of them confirms or questions it.
 *
 * - an entry's status: `questioned` when any beneficiary questioned it,
 *   `confirmed` when every beneficiary confirmed it, else `pending`;
 * - per party: concessions made (entries where it concedes, by status) and
 *   gains (entries where it is a beneficiary, by its own response).
 * Pure; checked by hand in tradeoffs.test.ts.
 */
import type { TradeoffData } from '../board-data';
import { own } from '../dict';

export type TradeoffStatus = 'confirmed' | 'questioned' | 'pending';

export type BalanceCount = { readonly total: number; readonly confirmed: number; readonly questioned: number };

export type PartyBalance = {
  readonly partyId: string;
  /** entries where this party concedes */
  readonly conceded: BalanceCount;
  /** entries where this party benefits; confirmed/questioned are its own responses */
  readonly gained: BalanceCount;
};

type Entry = Pick<TradeoffData, 'partyId' | 'responses'>;

/** The parties an entry benefits: every party of the board except the one that concedes. */
export const beneficiaries = (entry: Pick<TradeoffData, 'partyId'>, partyIds: readonly string[]): string[] =>
  partyIds.filter((id) => id !== entry.partyId);

export function tradeoffStatus(entry: Entry, partyIds: readonly string[]): TradeoffStatus {
  const others = beneficiaries(entry, partyIds);
  if (others.some((id) => own(entry.responses, id)?.status === 'questioned')) return 'questioned';
  if (others.length > 0 && others.every((id) => own(entry.responses, id)?.status === 'confirmed')) return 'confirmed';
  return 'pending';
}

/** @example tradeoffBalance(useTradeoffs(store), parties.map((p) => p.id)) */
export function tradeoffBalance(entries: readonly Entry[], partyIds: readonly string[]): PartyBalance[] {
  return partyIds.map((partyId) => {
    const made = entries.filter((e) => e.partyId === partyId);
    const statuses = made.map((e) => tradeoffStatus(e, partyIds));
    const gains = entries.filter((e) => e.partyId !== partyId && partyIds.includes(e.partyId));
    return {
      partyId,
      conceded: {
        total: made.length,
        confirmed: statuses.filter((s) => s === 'confirmed').length,
        questioned: statuses.filter((s) => s === 'questioned').length,
      },
      gained: {
        total: gains.length,
        confirmed: gains.filter((e) => own(e.responses, partyId)?.status === 'confirmed').length,
        questioned: gains.filter((e) => own(e.responses, partyId)?.status === 'questioned').length,
      },
    };
  });
}
