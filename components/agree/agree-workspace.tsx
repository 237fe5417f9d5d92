'use client';

import { Handshake } from 'lucide-react';
import { useMemo } from 'react';
import { useCheckpoints, useMembers, useOptions, useParties } from '@/lib/board/hooks';
import type { Checkpoint } from '@/lib/board/schema';
import type { WorkspaceProps } from '@/components/board/workspace-props';
import { partyLooks } from '@/components/board/party-badge';
import { WorkspaceSection } from '@/components/ui/workspace-section';
import { shortlistInSequence } from '@/components/decide/shortlist';
import { PlanCard } from './plan-card';

const NONE: readonly Checkpoint[] = [];

/** The Agree phase: a plan for every shortlisted option, in the shortlist's sequence. */
export function AgreeWorkspace({ session, store, actions, editable }: WorkspaceProps) {
  const ownParty = session.claims.r === 'party' ? (session.claims.p ?? null) : null;
  const options = useOptions(store);
  const parties = useParties(store);
  const looks = useMemo(() => [...partyLooks(parties).values()], [parties]);
  const checkpoints = useCheckpoints(store);
  const members = useMembers(store);
  const memberNames = useMemo(() => [...new Set(Object.values(members))].sort(), [members]);
  const sequence = useMemo(() => shortlistInSequence(options), [options]);
  const byOption = useMemo(() => {
    const map = new Map<string, Checkpoint[]>();
    for (const c of checkpoints) map.set(c.optionId, [...(map.get(c.optionId) ?? []), c]);
    return map;
  }, [checkpoints]);

  return (
    <WorkspaceSection
      headingId="agree-heading"
      title="Agree"
      intro="For each shortlisted option: who owns it on each side, when it starts and is due, how you will know it worked, when you will review it, and what happens if it goes wrong."
      testId="agree-workspace"
      className="min-w-0 space-y-4"
    >
      {sequence.length === 0 ? (
        <div className="flex items-start gap-3 rounded-lg border border-dashed border-line bg-white/60 p-5 text-sm text-muted" data-testid="agree-empty">
          <Handshake aria-hidden size={20} className="mt-0.5 shrink-0 text-accent" />
          <p>The shortlist is empty. Star options in the Decide phase; each one gets a plan here.</p>
        </div>
      ) : (
        <ol aria-label="Plans" className="space-y-4" data-testid="plan-list">
          {sequence.map((option) => (
            <PlanCard
              key={option.id}
              store={store}
              option={option}
              stage={option.stage}
              looks={looks}
              checkpoints={byOption.get(option.id) ?? NONE}
              memberNames={memberNames}
              actions={actions}
              editable={editable}
              ownParty={ownParty}
            />
          ))}
        </ol>
      )}
    </WorkspaceSection>
  );
}
