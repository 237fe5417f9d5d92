import type { TokenClaims } from '@/lib/board/access';
import { PartyBadge, type PartyLook } from './party-badge';

/** The sides of the negotiation, each with its colour and letter. */
export function PartiesPanel({ looks, claims }: { looks: Map<string, PartyLook>; claims: TokenClaims }) {
  const parties = [...looks.values()];
  return (
    <section aria-labelledby="parties-heading" className="rounded-lg border border-line bg-white p-4">
      <h2 id="parties-heading" className="text-sm font-semibold tracking-wide text-muted uppercase">
        Parties
      </h2>
      <ul className="mt-2 space-y-1.5" data-testid="party-list">
        {parties.map((party) => (
          <li key={party.id} className="flex items-center gap-2" data-party={party.id}>
            <PartyBadge look={party} />
            <span className="font-medium">{party.name}</span>
            {claims.p === party.id ? <span className="text-sm text-muted">(your side)</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
