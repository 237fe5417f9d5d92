'use client';

import { useMemo } from 'react';
import { useBoardState, useDebriefFigures, useDebriefNotes, useParties, useRelationshipHealth } from '@/lib/board/hooks';
import { DEBRIEF_PROMPTS } from '@/lib/board/schema';
import type { WorkspaceProps } from '@/components/board/workspace-props';
import { PartyBadge, partyLooks } from '@/components/board/party-badge';
import { useAnnounce } from '@/components/ui/announcer';
import { WorkspacePart, WorkspaceSection } from '@/components/ui/workspace-section';
import { RatingGroup } from '@/components/scoring/rating-group';
import { formatScore } from '@/components/scoring/format';
import { DebriefFiguresPanel } from './debrief-figures';
import { PromptColumn } from './debrief-notes';

/**
 * The Debrief phase: what worked, what didn't and what to change (notes per
 * party), each party's view of the relationship's health, and the session in figures.
 */
export function DebriefWorkspace({ session, store, actions, editable }: WorkspaceProps) {
  const parties = useParties(store);
  const looks = useMemo(() => partyLooks(parties), [parties]);
  const notes = useDebriefNotes(store);
  const health = useRelationshipHealth(store);
  const figures = useDebriefFigures(store);
  const { worksForBothThreshold } = useBoardState(store);
  const announce = useAnnounce();
  const { claims, participantId } = session;
  const ownParty = claims.r === 'party' ? (claims.p ?? null) : null;
  const myHealth = health.find((h) => h.partyId === ownParty && h.participantId === participantId)?.value ?? null;

  return (
    <WorkspaceSection
      headingId="debrief-heading"
      title="Debrief"
      intro="Look back together: what helped, what got in the way, and how the relationship feels now."
      testId="debrief-workspace"
      className="min-w-0 space-y-6"
    >
      <WorkspacePart headingId="prompts-heading" title="Looking back">
        <div className="grid gap-3 md:grid-cols-3">
          {DEBRIEF_PROMPTS.map((prompt) => (
            <PromptColumn
              key={prompt}
              prompt={prompt}
              notes={notes.filter((n) => n.prompt === prompt)}
              looks={looks}
              ownParty={ownParty ?? ''}
              actions={actions}
              editable={editable}
            />
          ))}
        </div>
      </WorkspacePart>

      <WorkspacePart headingId="health-heading" title="Relationship health" testId="relationship-health">
        <div className="grid gap-3 rounded-lg border border-line bg-white p-3 md:grid-cols-2">
          {ownParty && editable ? (
            <div className="max-w-xs">
              <RatingGroup
                label="How healthy is the relationship now?"
                hint="1 strained · 5 strong. Your own view, counted for your party."
                value={myHealth}
                advance={false}
                onChange={(value) => {
                  actions.setRelationshipHealth(value);
                  announce(value === null ? 'Your health rating is cleared' : `Relationship health: ${value} of 5`);
                }}
                testId="health-rating"
              />
            </div>
          ) : (
            <p className="text-sm text-muted">Each party member rates the relationship from 1 (strained) to 5 (strong).</p>
          )}
          <ul aria-label="Each party’s view" className="space-y-1.5">
            {[...looks.values()].map((look) => {
              const values = health.filter((h) => h.partyId === look.id).map((h) => h.value);
              const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
              return (
                <li key={look.id} className="grid grid-cols-[1.5rem_minmax(0,7rem)_minmax(3rem,1fr)_auto] items-center gap-2 text-sm" data-testid="health-party" data-party-id={look.id} data-mean={mean?.toFixed(2)}>
                  <PartyBadge look={look} />
                  <span className="truncate">{look.name}</span>
                  <span aria-hidden className="relative h-2.5 overflow-hidden rounded-full border border-line bg-paper">
                    <span className="absolute inset-y-0 left-0 rounded-full ring-1 ring-black/25 ring-inset" style={{ width: `${((mean ?? 0) / 5) * 100}%`, background: look.color }} />
                  </span>
                  <span className="text-xs tabular-nums">
                    {mean === null ? 'no rating yet' : `${formatScore(mean)} / 5 (${values.length} ${values.length === 1 ? 'person' : 'people'})`}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      </WorkspacePart>

      <WorkspacePart headingId="figures-heading" title="In figures">
        {figures ? <DebriefFiguresPanel figures={figures} looks={looks} threshold={worksForBothThreshold} /> : null}
      </WorkspacePart>
    </WorkspaceSection>
  );
}
