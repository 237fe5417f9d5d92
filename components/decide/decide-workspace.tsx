'use client';

import { ListOrdered, Star } from 'lucide-react';
import { useMemo } from 'react';
import { useOptions, useParties, useScores, useTradeoffs } from '@/lib/board/hooks';
import type { WorkspaceProps } from '@/components/board/workspace-props';
import { partyLooks } from '@/components/board/party-badge';
import { WorkspacePart, WorkspaceSection } from '@/components/ui/workspace-section';
import { shortlistInSequence } from './shortlist';
import { ShortlistPicker } from './shortlist-picker';
import { ShortlistSequence } from './shortlist-sequence';
import { TradeoffLedger } from './tradeoff-ledger';

/**
 * The Decide phase: star the options to carry forward, sequence the
 * shortlist into stages (small, low-risk items first), and keep a ledger of
 * the tradeoffs that each other party confirms or questions.
 */
export function DecideWorkspace({ session, store, actions, editable }: WorkspaceProps) {
  const options = useOptions(store);
  const parties = useParties(store);
  const looks = useMemo(() => partyLooks(parties), [parties]);
  const scores = useScores(store);
  const tradeoffs = useTradeoffs(store);
  const sequence = useMemo(() => shortlistInSequence(options), [options]);
  const linkable = useMemo(() => [...sequence, ...options.filter((o) => !o.shortlisted)], [sequence, options]);
  const ownParty = session.claims.r === 'party' ? (session.claims.p ?? null) : null;

  return (
    <WorkspaceSection
      headingId="decide-heading"
      title="Decide"
      intro="Shortlist the options to carry forward, put them in order, and make every tradeoff explicit."
      testId="decide-workspace"
      className="min-w-0 space-y-6"
    >
      <WorkspacePart
        headingId="pick-heading"
        title={
          <>
            Shortlist <span className="font-normal text-muted">({sequence.length} starred)</span>
          </>
        }
      >
        {options.length === 0 ? (
          <p className="text-sm text-muted">No options on the board yet.</p>
        ) : (
          <ShortlistPicker options={options} scores={scores} actions={actions} editable={editable} />
        )}
      </WorkspacePart>

      <WorkspacePart headingId="sequence-heading" title="Sequence">
        {sequence.length === 0 ? (
          <div className="flex items-start gap-3 rounded-lg border border-dashed border-line bg-white/60 p-4 text-sm text-muted" data-testid="sequence-empty">
            <ListOrdered aria-hidden size={20} className="mt-0.5 shrink-0 text-accent" />
            <p>
              Star options above (<Star aria-hidden size={14} className="inline align-[-2px]" /> ) to build the shortlist. Then put it in
              stages: small, low-risk steps first build trust for the harder ones.
            </p>
          </div>
        ) : (
          <ShortlistSequence items={sequence} scores={scores} actions={actions} editable={editable} />
        )}
      </WorkspacePart>

      <WorkspacePart headingId="tradeoffs-heading" title="Tradeoffs">
        <p className="text-sm text-muted">Which party concedes what, and what that unlocks. Each other party confirms or questions it.</p>
        <TradeoffLedger tradeoffs={tradeoffs} looks={looks} options={linkable} ownParty={ownParty} actions={actions} editable={editable} />
      </WorkspacePart>
    </WorkspaceSection>
  );
}
