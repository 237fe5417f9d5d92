'use client';

import { useInterests } from '@/lib/board/hooks';
import { useBoard } from '@/components/board/board-context';
import { PartyBadge } from '@/components/board/party-badge';
import { maskIcon } from '@/components/ui/mask-icons';

/**
 * "Yours" for the reader's own side; the party's badge and name once authorship
 * is revealed. `author` is the party that proposed the option as far as this
 * reader may know (the list reads authorship once for every card).
 */
export function AuthorMark({ author }: { author: string }) {
  const { looks, myPartyId } = useBoard();
  const look = looks.get(author);
  if (!look) return null;
  const mine = author === myPartyId;
  return (
    <span
      data-testid="option-author"
      data-party={author}
      data-mine={mine}
      className="inline-flex items-center gap-1 rounded-full border border-line py-0.5 pr-2 pl-0.5 text-xs font-medium"
    >
      <PartyBadge look={look} className="h-5 w-5 border-2 text-[10px]" />
      {mine ? 'Your side' : look.name}
      <span className="sr-only"> proposed this</span>
    </span>
  );
}

/** The option's tags as quiet chips (the list reads every option's tags once and hands each card its own). */
export function TagChips({ tags }: { tags: readonly string[] }) {
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags" data-testid="option-tags">
      {tags.map((tag) => (
        <li key={tag} data-tag={tag} className="inline-flex items-center gap-1 rounded-full bg-paper px-2 py-0.5 text-xs text-ink">
          {maskIcon('tag', 11, 'text-muted')}
          {tag}
        </li>
      ))}
    </ul>
  );
}

/** The interests an option serves (their ids, from the list), with each party's letter. */
export function ServesChips({ ids }: { ids: readonly string[] }) {
  const { store, looks } = useBoard();
  const interests = useInterests(store);
  const served = interests.filter((i) => ids.includes(i.id));
  if (served.length === 0) return null;
  return (
    <ul className="space-y-0.5 text-xs" aria-label="Serves these interests" data-testid="option-serves">
      {served.map((interest) => {
        const look = looks.get(interest.partyId);
        return (
          <li key={interest.id} className="flex items-start gap-1.5" data-interest-id={interest.id}>
            {maskIcon('target', 12, 'mt-0.5 shrink-0 text-ok')}
            <span className="min-w-0 break-words">
              <span className="font-medium">{look ? `${look.name}: ` : ''}</span>
              {interest.text}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
