'use client';

import { ListChecks } from 'lucide-react';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { scoreFigure, sortByScore } from '@/lib/board/derive/scores';
import { useBoardState, useMyRatings, useOptions, useParties, useScoresWhen } from '@/lib/board/hooks';
import { CRITERIA, type Criterion } from '@/lib/board/schema';
import type { WorkspaceProps } from '@/components/board/workspace-props';
import { partyLooks } from '@/components/board/party-badge';
import { useAnnounce } from '@/components/ui/announcer';
import { CRITERION_LABELS } from './format';
import { RATING_SCOPE_ATTR } from './rating-group';
import { ScoreMatrix } from './score-matrix';
import { ScoreRow } from './score-row';
import { ScoreStatus } from './score-status';
import { DEFAULT_VIEW, ScoreToolbar, usesScores, type ScoreView } from './score-toolbar';

const prefersReducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * The Score phase: party members rate every option 1–5 on impact,
 * feasibility and fairness (blind by default); everyone sees progress, and
 * once the scores are revealed, the figures, the matrix and the contested
 * options.
 */
export function ScoreWorkspace({ session, store, actions, token, editable }: WorkspaceProps) {
  const options = useOptions(store);
  const parties = useParties(store);
  const looks = useMemo(() => [...partyLooks(parties).values()], [parties]);
  const state = useBoardState(store);
  const [view, setView] = useState<ScoreView>(DEFAULT_VIEW);
  // Every option's figures only while the view sorts or filters by them; the rows and the matrix read their own,
  // so in the board's order a rating re-renders its row and the matrix, not this list.
  const scores = useScoresWhen(store, usesScores(view));
  const announce = useAnnounce();
  const helpId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const { claims, participantId } = session;
  const ownParty = claims.r === 'party' ? (claims.p ?? null) : null;
  const canRate = editable && ownParty !== null;
  const published = state.scoring === 'open' || state.scoresRevealed;
  // The facilitator decides a reveal; on an unfacilitated board a party member asks for one (the server reveals once every party has).
  const revealMode: 'decide' | 'consent' | null = !editable ? null : claims.r === 'facilitator' ? 'decide' : claims.r === 'party' && !state.facilitated ? 'consent' : null;

  // One object while nothing changes: ScoreStatus is memoised.
  const revealControl = useMemo(
    () => (revealMode ? { boardId: session.boardId, token, mode: revealMode } : null),
    [revealMode, session.boardId, token],
  );

  const visibleParties = useMemo(
    () => new Set(published ? parties.map((p) => p.id) : ownParty ? [ownParty] : []),
    [published, parties, ownParty],
  );

  // Kept by identity per option (lib/board/hooks.ts): another member's rating re-renders none of my rows.
  const mine = useMyRatings(store, participantId, ownParty);

  const shown = useMemo(() => {
    const byId = new Map(options.map((o) => [o.id, o]));
    const ordered = view.sort === 'board' ? options : sortByScore(scores, view.sort).flatMap((id) => byId.get(id) ?? []);
    return ordered.filter((o) => {
      const s = scores.get(o.id);
      switch (view.filter) {
        case 'all':
          return true;
        case 'worksForBoth':
          return s?.worksForBothMet === true;
        case 'contested':
          return s?.contested === true;
        case 'needsMe':
          return CRITERIA.some((c) => mine.get(o.id)?.[c] === undefined);
        case 'atLeast': {
          const value = scoreFigure(s, view.figure);
          return value !== null && value >= view.min;
        }
      }
    });
  }, [options, scores, view, mine]);

  const matrixOptions = useMemo(() => shown.map((o) => ({ id: o.id, title: o.title || 'Untitled option' })), [shown]);

  const onRate = useCallback(
    (optionId: string, criterion: Criterion, value: number | null) => {
      actions.setRating(optionId, criterion, value);
      announce(value === null ? `${CRITERION_LABELS[criterion]} cleared` : `${CRITERION_LABELS[criterion]} ${value}`);
    },
    [actions, announce],
  );

  const select = useCallback(
    (optionId: string) => {
      setSelectedId(optionId);
      if (!shown.some((o) => o.id === optionId)) setView(DEFAULT_VIEW);
    },
    [shown],
  );

  // Bring the selected option into view and move focus to it (keyboard users land on it).
  useEffect(() => {
    if (!selectedId) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-option-id="${CSS.escape(selectedId)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: 'nearest', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    row.focus({ preventScroll: true });
  }, [selectedId, view]);

  const caption = published
    ? 'Impact × feasibility, all parties'
    : ownParty
      ? 'Impact × feasibility — your party’s ratings only, until the scores are revealed'
      : 'Impact × feasibility — appears when the scores are revealed';

  return (
    <section aria-labelledby="score-heading" className="min-w-0 space-y-4" data-testid="score-workspace" data-published={published}>
      <div>
        <h2 id="score-heading" className="text-lg font-semibold">
          Score the options
        </h2>
        <p className="text-sm text-muted">
          {canRate
            ? 'Rate each option from 1 (low) to 5 (high) on impact, feasibility and fairness. Score after everything is on the table.'
            : 'Party members rate each option on impact, feasibility and fairness. Facilitators and viewers do not score.'}
        </p>
      </div>

      <ScoreStatus
        state={state}
        published={published}
        store={store}
        looks={looks}
        optionCount={options.length}
        reveal={revealControl}
        ownParty={ownParty}
      />

      {options.length === 0 ? (
        <div className="flex items-start gap-3 rounded-lg border border-dashed border-line bg-white/60 p-5 text-sm" data-testid="score-empty">
          <ListChecks aria-hidden size={20} className="mt-0.5 shrink-0 text-accent" />
          <p className="text-muted">
            Nothing to score yet. Options are added in the Brainstorm phase; come back once everything is on the table.
          </p>
        </div>
      ) : (
        <>
          <div className="rounded-lg border border-line bg-white p-3">
            <ScoreMatrix store={store} options={matrixOptions} selectedId={selectedId} onSelect={select} caption={caption} />
          </div>
          <ScoreToolbar view={view} onChange={setView} canRate={canRate} shown={shown.length} total={options.length} />
          {canRate ? (
            <p id={helpId} className="text-xs text-muted" data-testid="score-keyboard-help">
              Keyboard: press 1–5 to rate the focused criterion (focus then moves to the next), 0 or Backspace to clear, ← → to
              adjust, ↑ ↓ to move between criteria.
            </p>
          ) : null}
          <ul ref={listRef} aria-label="Options to score" className="space-y-3" data-testid="score-list" {...{ [RATING_SCOPE_ATTR]: '' }}>
            {shown.map((option, index) => (
              <ScoreRow
                key={option.id}
                store={store}
                option={option}
                looks={looks}
                visibleParties={visibleParties}
                published={published}
                mine={mine.get(option.id)}
                canRate={canRate}
                threshold={state.worksForBothThreshold}
                selected={option.id === selectedId}
                keyboardHelpId={helpId}
                first={index === 0}
                onRate={onRate}
              />
            ))}
          </ul>
          {shown.length === 0 ? <p className="text-sm text-muted">No option matches this filter.</p> : null}
        </>
      )}
    </section>
  );
}
