'use client';

import { Handshake, Unlink, Zap } from 'lucide-react';
import type { InterestData, InterestLink } from '@/lib/board/board-data';
import type { LinkRelation } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { AppliesAtOnceDialog } from '@/components/ui/applies-at-once-dialog';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from '@/components/board/board-context';
import { PartyBadge } from '@/components/board/party-badge';

export function relationOf(links: readonly InterestLink[], a: string, b: string): LinkRelation | null {
  const [x, y] = a < b ? [a, b] : [b, a];
  return links.find((l) => l.a === x && l.b === y)?.relation ?? null;
}

/**
 * "Link to…": every shared interest of the other parties, each with
 * "Shared" and "In tension" (pressed when that is the current link) and
 * "Remove link". No dragging needed.
 */
export function LinkDialog({
  open,
  onOpenChange,
  source,
  interests,
  links,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  source: InterestData;
  interests: readonly InterestData[];
  links: readonly InterestLink[];
}) {
  const { actions, looks } = useBoard();
  const announce = useAnnounce();
  const others = [...looks.values()]
    .filter((p) => p.id !== source.partyId)
    .map((party) => ({ party, items: interests.filter((i) => i.partyId === party.id && !i.private) }));

  function link(target: InterestData, relation: LinkRelation | null) {
    if (relation) actions.linkInterests(source.id, target.id, relation);
    else actions.unlinkInterests(source.id, target.id);
    announce(
      relation === 'shared'
        ? `Linked as common ground: ${source.text} and ${target.text}`
        : relation === 'tension'
          ? `Flagged as in tension: ${source.text} and ${target.text}`
          : `Link removed: ${source.text} and ${target.text}`,
    );
  }

  return (
    <AppliesAtOnceDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Link to another side’s interest"
      description={`“${source.text}” — is it the same as something the other side wants (shared), or does it pull against it (in tension)?`}
      testId="link-dialog"
      className="max-h-[60vh] overflow-y-auto"
    >
      {others.map(({ party, items }) => (
        <section key={party.id} aria-label={`${party.name}’s interests`}>
          <h3 className="flex items-center gap-2 text-sm font-semibold">
            <PartyBadge look={party} /> {party.name}
          </h3>
          {items.length === 0 ? (
            <p className="mt-1 text-sm text-muted">No shared interests from {party.name} yet.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {items.map((target) => {
                const current = relationOf(links, source.id, target.id);
                return (
                  <li
                    key={target.id}
                    data-testid="link-target"
                    data-interest-id={target.id}
                    data-relation={current ?? 'none'}
                    className="rounded-md border border-line p-2"
                  >
                    <p className="text-sm break-words">{target.text}</p>
                    <div className="mt-1.5 flex flex-wrap gap-1.5">
                      <Button
                        size="sm"
                        variant={current === 'shared' ? 'primary' : 'secondary'}
                        aria-pressed={current === 'shared'}
                        aria-label={`Shared with: ${target.text}`}
                        onClick={() => link(target, 'shared')}
                      >
                        <Handshake aria-hidden size={14} /> Shared
                      </Button>
                      <Button
                        size="sm"
                        variant={current === 'tension' ? 'primary' : 'secondary'}
                        aria-pressed={current === 'tension'}
                        aria-label={`In tension with: ${target.text}`}
                        onClick={() => link(target, 'tension')}
                      >
                        <Zap aria-hidden size={14} /> In tension
                      </Button>
                      {current ? (
                        <Button size="sm" variant="ghost" aria-label={`Remove the link to: ${target.text}`} onClick={() => link(target, null)}>
                          <Unlink aria-hidden size={14} /> Remove link
                        </Button>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ))}
    </AppliesAtOnceDialog>
  );
}
