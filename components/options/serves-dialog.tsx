'use client';

import { useInterests, useOptionInterestIds } from '@/lib/board/hooks';
import { AppliesAtOnceDialog } from '@/components/ui/applies-at-once-dialog';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from '@/components/board/board-context';
import { PartyBadge } from '@/components/board/party-badge';

/** Link an option to the shared interests it serves, on each side. */
export function ServesDialog({ optionId, title, open, onOpenChange }: { optionId: string; title: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const { store, actions, looks } = useBoard();
  const announce = useAnnounce();
  const interests = useInterests(store).filter((i) => !i.private);
  const served = useOptionInterestIds(store, optionId);
  const parties = [...looks.values()];

  return (
    <AppliesAtOnceDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Interests it serves"
      description={`Which interests does “${title}” serve?`}
      testId="serves-dialog"
      className="max-h-[60vh] overflow-y-auto"
    >
      {interests.length === 0 ? (
        <p className="text-sm text-muted">No interests have been shared with the board yet. Add them in Interests.</p>
      ) : (
        parties.map((party) => {
          const items = interests.filter((i) => i.partyId === party.id);
          if (items.length === 0) return null;
          return (
            <fieldset key={party.id}>
              <legend className="flex items-center gap-2 text-sm font-semibold">
                <PartyBadge look={party} /> {party.name}
              </legend>
              <ul className="mt-2 space-y-1.5">
                {items.map((interest) => (
                  <li key={interest.id}>
                    <label className="flex items-start gap-2 text-sm">
                      <input
                        type="checkbox"
                        className="mt-1 h-4 w-4 shrink-0 accent-accent"
                        checked={served.includes(interest.id)}
                        onChange={(e) => {
                          actions.setOptionServes(optionId, interest.id, e.target.checked);
                          announce(e.target.checked ? `Serves: ${interest.text}` : `No longer serves: ${interest.text}`);
                        }}
                      />
                      <span className="break-words">{interest.text}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          );
        })
      )}
    </AppliesAtOnceDialog>
  );
}
