'use client';

import { MessageCircleQuestion } from 'lucide-react';
import { useMemo } from 'react';
import { useInterestLinks, useInterests } from '@/lib/board/hooks';
import { useBoard } from '@/components/board/board-context';

const MAX_PROMPTS = 5;

const unquote = (text: string) => text.replace(/[.!?]+$/, '');

/**
 * "How might we …" prompts to start a brainstorm, drawn from the interests the
 * board can see: common ground first, then each side's most important ones.
 */
export function PromptIdeas() {
  const { store, looks } = useBoard();
  const interests = useInterests(store);
  const links = useInterestLinks(store);
  const prompts = useMemo(() => {
    const shared = interests.filter((i) => !i.private);
    const byId = new Map(shared.map((i) => [i.id, i]));
    const list: string[] = [];
    for (const link of links) {
      const a = byId.get(link.a);
      const b = byId.get(link.b);
      if (!a || !b) continue;
      list.push(
        link.relation === 'shared'
          ? `How might we deliver “${unquote(a.text)}” for both sides?`
          : `How might we meet “${unquote(a.text)}” without giving up “${unquote(b.text)}”?`,
      );
    }
    const ranked = [...shared].sort((x, y) => y.importance - x.importance);
    const parties = [...looks.values()];
    // Alternate between the parties so no side's interests crowd out the other's.
    for (let round = 0; list.length < MAX_PROMPTS * 2 && round < ranked.length; round++) {
      for (const party of parties) {
        const interest = ranked.filter((i) => i.partyId === party.id)[round];
        if (interest) list.push(`How might we address ${party.name}’s ${interest.kind}: “${unquote(interest.text)}”?`);
      }
    }
    return [...new Set(list)].slice(0, MAX_PROMPTS);
  }, [interests, links, looks]);

  if (prompts.length === 0) return null;
  return (
    <section aria-labelledby="prompts-heading" data-testid="hmw-prompts" className="rounded-lg border border-line bg-white p-4">
      <h3 id="prompts-heading" className="flex items-center gap-2 text-sm font-semibold">
        <MessageCircleQuestion aria-hidden size={16} className="text-accent" /> Questions to get you started
      </h3>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        {prompts.map((prompt) => (
          <li key={prompt} data-testid="hmw-prompt">
            {prompt}
          </li>
        ))}
      </ul>
    </section>
  );
}
