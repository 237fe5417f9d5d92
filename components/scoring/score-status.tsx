'use client';

import { Eye, EyeOff, Lock } from 'lucide-react';
import { memo } from 'react';
import { own } from '@/lib/board/dict';
import { useScoreProgress } from '@/lib/board/hooks';
import type { BoardState } from '@/lib/board/state';
import type { BoardStore } from '@/lib/board/store';
import { CRITERIA } from '@/lib/board/schema';
import { reveal } from '@/lib/sync/api';
import { PartyBadge, type PartyLook } from '@/components/board/party-badge';
import { useAnnounce } from '@/components/ui/announcer';
import { Button } from '@/components/ui/button';
import { RequestError, useServerRequest } from '@/components/ui/server-request';
import { CRITERION_LABELS } from './format';
import { RevealConsent } from './reveal-consent';

/**
 * Where scoring stands: blind or revealed, how many ratings each party has
 * cast (progress only — never values), the weights, and the reveal: the
 * facilitator's button, or — on an unfacilitated board — who is ready to
 * reveal (shown to everyone) and each party member's "Ready to reveal". Memoised, and the counts
 * are ProgressList's own subscription: a rating redraws its row, and a new
 * count the list, never the rest of this.
 */
export const ScoreStatus = memo(function ScoreStatus({
  state,
  published,
  store,
  looks,
  optionCount,
  reveal: revealControl,
  ownParty,
}: {
  state: BoardState;
  published: boolean;
  /** the counts are read below, by the list alone: a new count redraws the list, not the status */
  store: BoardStore;
  looks: readonly PartyLook[];
  optionCount: number;
  /** present when this person may reveal (the facilitator: 'decide') or ask to (a party member, unfacilitated: 'consent') */
  reveal: { boardId: string; token: string; mode: 'decide' | 'consent' } | null;
  /** the viewer's party, or null */
  ownParty: string | null;
}) {
  const consent = !state.facilitated && state.scoring === 'blind';
  const perPerson = optionCount * CRITERIA.length;
  return (
    <div className="rounded-lg border border-line bg-white p-3" data-testid="score-status" data-published={published}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="flex max-w-prose items-start gap-2 text-sm" data-testid="score-visibility">
          {published ? <Eye aria-hidden size={18} className="mt-0.5 shrink-0 text-ok" /> : <Lock aria-hidden size={18} className="mt-0.5 shrink-0 text-muted" />}
          <span>
            {state.scoring === 'open'
              ? 'Scoring is open: every party’s ratings are shown as they are cast.'
              : published
                ? 'Scores are revealed: every party’s ratings are shown.'
                : `Scoring is blind: each party sees only its own ratings until ${state.facilitated ? 'the facilitator reveals the scores' : 'every party is ready to reveal them'} (never automatically). Everyone sees how many ratings each party has cast.`}
          </span>
        </p>
        {revealControl?.mode === 'decide' && state.scoring === 'blind' ? (
          <RevealButton boardId={revealControl.boardId} token={revealControl.token} revealed={state.scoresRevealed} />
        ) : null}
      </div>
      {consent ? (
        <div className="mt-3 border-t border-line pt-3">
          <RevealConsent
            target="scores"
            state={state}
            looks={looks}
            ownParty={ownParty}
            control={revealControl?.mode === 'consent' ? { boardId: revealControl.boardId, token: revealControl.token } : null}
          />
        </div>
      ) : null}
      <ProgressList store={store} looks={looks} perPerson={perPerson} />
      <p className="mt-2 text-xs text-muted" data-testid="score-weights">
        {perPerson > 0 ? `A full set is ${perPerson} ratings per person. ` : ''}Combined scores weigh {CRITERIA.map((c) => `${CRITERION_LABELS[c].toLowerCase()} ×${state.weights[c]}`).join(', ')}. An option
        works for both when every party’s combined score is at least {state.worksForBothThreshold}.
      </p>
    </div>
  );
});

/** Ratings cast per party: subscribed here, so a new count redraws this list alone. */
function ProgressList({ store, looks, perPerson }: { store: BoardStore; looks: readonly PartyLook[]; perPerson: number }) {
  const progress = useScoreProgress(store);
  return (
    <ul aria-label="Ratings cast by each party" className="mt-3 grid gap-2 sm:grid-cols-2" data-testid="score-progress">
      {looks.map((look) => {
        const count = own(progress, look.id) ?? 0;
        return (
          <li key={look.id} data-testid="party-progress" data-party-id={look.id} data-count={count} className="flex items-center gap-2 text-sm">
            <PartyBadge look={look} />
            <span className="min-w-0 flex-1">
              <span className="font-medium">{look.name}</span>:{' '}
              <span className="tabular-nums">{count}</span> {count === 1 ? 'rating' : 'ratings'} cast
            </span>
            <span aria-hidden className="h-1.5 w-16 overflow-hidden rounded-full bg-paper ring-1 ring-line">
              <span className="block h-full" style={{ width: `${Math.min(1, perPerson ? count / perPerson : 0) * 100}%`, background: look.color }} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function RevealButton({ boardId, token, revealed }: { boardId: string; token: string; revealed: boolean }) {
  const announce = useAnnounce();
  const { pending, error, send } = useServerRequest();

  async function toggle() {
    await send(async () => {
      await reveal(boardId, token, { scores: !revealed });
      announce(revealed ? 'Scores hidden again' : 'Scores revealed to everyone');
    }, 'The scores could not be revealed. Try again.');
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant={revealed ? 'secondary' : 'primary'} size="sm" disabled={pending} onClick={toggle} data-testid={revealed ? 'hide-scores' : 'reveal-scores'}>
        {revealed ? <EyeOff aria-hidden size={16} /> : <Eye aria-hidden size={16} />}
        {revealed ? 'Hide scores again' : 'Reveal scores'}
      </Button>
      <RequestError error={error} />
    </div>
  );
}
