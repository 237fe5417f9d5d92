'use client';

import { ArrowRight, Check, Pencil, X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useBoardMeta, useClusters, useInterests, useOptionIds } from '@/lib/board/hooks';
import { LIMITS, PHASES, PHASE_LABELS } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { TextInput } from '@/components/ui/field';
import { InlineEditForm, useInlineEdit } from '@/components/ui/inline-edit';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from './board-context';
import { PartyBadge, type PartyLook } from './party-badge';
import { PHASE_HINTS } from './phase-rail';
import { shownTitle } from './top-bar';
import { VIEW_LABELS } from './view-nav';

/**
 * Frame: one "How might we …?" question both sides can accept (edited in the
 * top bar, where everyone sees it), the board's title, the parties with their
 * colours and letters, and the road ahead — every phase one click away.
 */
export function FrameWorkspace() {
  const { store, looks, showView, editable } = useBoard();
  const meta = useBoardMeta(store);
  const interests = useInterests(store);
  const optionIds = useOptionIds(store);
  const clusters = useClusters(store);
  const counts: Partial<Record<(typeof PHASES)[number], string>> = {
    interests: `${interests.filter((i) => !i.private).length} shared`,
    brainstorm: `${optionIds.length} option${optionIds.length === 1 ? '' : 's'}`,
    cluster: `${clusters.length} cluster${clusters.length === 1 ? '' : 's'}`,
  };
  const question = meta?.question ?? '';

  return (
    <section aria-labelledby="frame-heading" className="space-y-6" data-testid="frame-workspace">
      <div>
        <h2 id="frame-heading" tabIndex={-1} className="text-lg font-semibold">
          Frame the negotiation
        </h2>
        <p className="max-w-3xl text-sm text-muted">
          Agree on one question that both sides can accept, phrased as a shared problem: “How might we …?”. A good one
          names what both sides need, not a position — for example <q className="text-ink">How might we deliver on time
          without raising the unit price?</q>
        </p>
        {!question ? (
          <p className="mt-2 text-sm font-medium text-warn" data-testid="frame-no-question">
            There is no question yet{editable ? ': use “Edit the question” at the top of the page.' : '.'}
          </p>
        ) : !/^how might we\b/i.test(question) ? (
          <p className="mt-2 text-sm text-muted">
            Tip: starting with “How might we …” keeps the question open to options from both sides.
          </p>
        ) : null}
      </div>

      <BoardTitle title={meta?.title ?? null} />

      <section aria-labelledby="frame-parties" className="space-y-2">
        <h3 id="frame-parties" className="font-semibold">
          The parties
        </h3>
        <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" data-testid="frame-parties">
          {[...looks.values()].map((party) => (
            <PartyRow key={party.id} party={party} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="frame-road" className="space-y-2">
        <h3 id="frame-road" className="font-semibold">
          How the session goes
        </h3>
        <ol className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
          {PHASES.map((phase, index) => (
            <li key={phase} className="flex flex-col rounded-lg border border-line bg-white p-3">
              <p className="text-sm font-semibold">
                <span className="text-muted tabular-nums">{index + 1}.</span> {PHASE_LABELS[phase]}
              </p>
              <p className="mt-1 flex-1 text-sm text-muted">{PHASE_HINTS[phase]}</p>
              <div className="mt-2 flex items-center justify-between gap-2">
                <span className="text-xs text-muted">{counts[phase] ?? ''}</span>
                {phase !== 'frame' ? (
                  <Button size="sm" variant="ghost" onClick={() => showView(phase)} aria-label={`Look at ${VIEW_LABELS[phase]}`}>
                    Look <ArrowRight aria-hidden size={14} />
                  </Button>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}

/**
 * The board's title (the top bar and the browser tab show it; the home page
 * lists boards by it): renamed in place by parties and the facilitator, read
 * only for viewers.
 */
function BoardTitle({ title }: { title: string | null }) {
  const { actions, editable } = useBoard();
  const announce = useAnnounce();
  const id = useId();
  const { draft, setDraft, stop, editButton } = useInlineEdit<string>();
  const shown = shownTitle(title ?? '');

  function save() {
    const next = draft?.trim() ?? '';
    // An empty title is not saved (mutations.setTitle refuses it too): Cancel keeps the old one.
    if (next && next !== title) {
      actions.setTitle(next);
      announce(`Board renamed: ${next}`);
    }
    stop();
  }

  return (
    <section aria-labelledby="frame-title" className="space-y-2">
      <h3 id="frame-title" className="font-semibold">
        The board’s title
      </h3>
      {draft !== null ? (
        // Enter in the input submits the form; the form's keys add Escape to cancel.
        <InlineEditForm label="Rename the board" onSave={save} onCancel={stop} saveWith="enter" className="max-w-xl space-y-2" testId="board-title-form">
          <label htmlFor={`${id}-title`} className="sr-only">
            Board title
          </label>
          <TextInput
            id={`${id}-title`}
            value={draft}
            autoFocus
            required
            maxLength={LIMITS.title}
            onChange={(e) => setDraft(e.target.value)}
          />
        </InlineEditForm>
      ) : (
        <div className="flex items-center gap-2">
          <p className="font-medium" data-testid="frame-board-title">
            {title === null ? '' : shown}
          </p>
          {editable && title !== null ? (
            <Button ref={editButton} size="icon" variant="ghost" className="h-8 w-8" aria-label={`Rename the board: ${shown}`} onClick={() => setDraft(title)}>
              <Pencil aria-hidden size={15} />
            </Button>
          ) : null}
        </div>
      )}
    </section>
  );
}

function PartyRow({ party }: { party: PartyLook }) {
  const { actions, editable, myPartyId, claims } = useBoard();
  const announce = useAnnounce();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  // A party names itself; the facilitator may name any.
  const canRename = editable && (party.id === myPartyId || claims.r === 'facilitator');

  function save(event: FormEvent) {
    event.preventDefault();
    if (draft && draft.trim() && draft.trim() !== party.name) {
      actions.renameParty(party.id, draft);
      announce(`Party renamed: ${draft.trim()}`);
    }
    setDraft(null);
  }

  return (
    <li className="flex items-center gap-2 rounded-lg border-l-4 bg-white p-3" style={{ borderLeftColor: party.color }} data-party={party.id}>
      <PartyBadge look={party} />
      {draft !== null ? (
        <form onSubmit={save} className="flex flex-1 items-center gap-1">
          <label htmlFor={id} className="sr-only">
            Party name
          </label>
          <TextInput
            id={id}
            value={draft}
            autoFocus
            maxLength={LIMITS.partyName}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setDraft(null)}
            className="py-1"
          />
          <Button type="submit" size="icon" variant="ghost" className="h-8 w-8" aria-label="Save the party name">
            <Check aria-hidden size={16} />
          </Button>
          <Button size="icon" variant="ghost" className="h-8 w-8" aria-label="Cancel" onClick={() => setDraft(null)}>
            <X aria-hidden size={16} />
          </Button>
        </form>
      ) : (
        <>
          <span className="flex-1 font-medium">
            {party.name}
            {party.id === myPartyId ? <span className="font-normal text-muted"> (your side)</span> : null}
          </span>
          {canRename ? (
            <Button size="icon" variant="ghost" className="h-8 w-8" aria-label={`Rename party: ${party.name}`} onClick={() => setDraft(party.name)}>
              <Pencil aria-hidden size={15} />
            </Button>
          ) : null}
        </>
      )}
    </li>
  );
}
