'use client';

import { Handshake, Link2, Lock, Pencil, Share2, Trash2, TriangleAlert, Zap } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { InterestData } from '@/lib/board/board-data';
import { INTEREST_KINDS, LIMITS, type InterestKind, type LinkRelation } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { SelectInput, TextArea } from '@/components/ui/field';
import { useAnnounce } from '@/components/ui/announcer';
import { useUndoToast } from '@/components/ui/undo-toast';
import { useBoard } from '@/components/board/board-context';
import { useRecordActivity } from '@/components/presence/activity';
import { ActivityBadge } from '@/components/presence/activity-badge';
import { IMPORTANCE_LABELS, KIND_LABELS } from './labels';

export type LinkedInterest = { readonly other: InterestData; readonly relation: LinkRelation };

type Draft = { text: string; kind: InterestKind; importance: number };

/**
 * One interest: text first; kind, importance, links and how many options
 * serve it below. A private one says so and offers "Share with the board".
 */
export function InterestCard({
  interest,
  linked,
  servedBy,
  canChange,
  onLink,
}: {
  interest: InterestData;
  linked: readonly LinkedInterest[];
  /** how many options serve it */
  servedBy: number;
  /** this person may edit, share and delete it (its own side, or the facilitator) */
  canChange: boolean;
  /** open "Link to…" (absent when linking is not possible) */
  onLink?: () => void;
}) {
  const { session, actions, looks } = useBoard();
  const formId = useId();
  const announce = useAnnounce();
  const showUndo = useUndoToast();
  const activity = useRecordActivity(session, interest.id);
  const [draft, setDraft] = useState<Draft | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const editing = draft !== null;

  // Presence: say which shared interest I edit (never a private one: its id stays in our lane).
  useEffect(() => {
    if (!editing || interest.private) return;
    session.setEditing(interest.id);
    return () => session.setEditing(null);
  }, [editing, interest.private, interest.id, session]);

  function stopEditing() {
    setDraft(null);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  function save(event?: FormEvent) {
    event?.preventDefault();
    if (!draft) return;
    const text = draft.text.trim();
    actions.updateInterest(interest.id, {
      ...(text && text !== interest.text ? { text } : {}),
      ...(draft.kind !== interest.kind ? { kind: draft.kind } : {}),
      ...(draft.importance !== interest.importance ? { importance: draft.importance } : {}),
    });
    announce('Interest saved');
    stopEditing();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      stopEditing();
    } else if (event.key === 'Enter' && !event.shiftKey && (event.target as HTMLElement).tagName === 'TEXTAREA') {
      event.preventDefault();
      save();
    }
  }

  const unserved = !interest.private && servedBy === 0;

  if (draft) {
    return (
      <li
        data-testid="interest-card"
        data-interest-id={interest.id}
        data-editing="true"
        className="rounded-lg border-2 border-accent bg-white p-3"
      >
        <form onSubmit={save} onKeyDown={onKeyDown} aria-label={`Edit interest: ${interest.text}`} className="space-y-2">
          <div>
            <label htmlFor={`${formId}-text`} className="block text-sm font-medium">
              Interest
            </label>
            <TextArea
              id={`${formId}-text`}
              className="mt-1"
              rows={2}
              value={draft.text}
              autoFocus
              maxLength={LIMITS.interestText}
              onChange={(e) => setDraft({ ...draft, text: e.target.value })}
            />
          </div>
          <div className="flex flex-wrap gap-3">
            <div className="flex items-center gap-1.5">
              <label htmlFor={`${formId}-kind`} className="text-sm text-muted">
                Kind
              </label>
              <SelectInput
                id={`${formId}-kind`}
                className="py-1"
                value={draft.kind}
                onChange={(e) => setDraft({ ...draft, kind: e.target.value as InterestKind })}
              >
                {INTEREST_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </SelectInput>
            </div>
            <div className="flex items-center gap-1.5">
              <label htmlFor={`${formId}-importance`} className="text-sm text-muted">
                Importance
              </label>
              <SelectInput
                id={`${formId}-importance`}
                className="py-1"
                value={draft.importance}
                onChange={(e) => setDraft({ ...draft, importance: Number(e.target.value) })}
              >
                {[3, 2, 1].map((n) => (
                  <option key={n} value={n}>
                    {IMPORTANCE_LABELS[n]}
                  </option>
                ))}
              </SelectInput>
            </div>
          </div>
          <div className="flex gap-2">
            <Button type="submit" size="sm" variant="primary">
              Save
            </Button>
            <Button size="sm" onClick={stopEditing}>
              Cancel
            </Button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li
      data-testid="interest-card"
      data-interest-id={interest.id}
      data-private={interest.private}
      data-served={servedBy}
      className={cn(
        'group rounded-lg border bg-white p-3 shadow-xs',
        interest.private ? 'border-dashed border-muted/60 bg-paper' : 'border-line',
        unserved && 'border-l-4 border-l-warn',
      )}
    >
      <p data-testid="interest-text" className="font-medium break-words">
        {interest.text}
      </p>
      <ul className="mt-2 flex flex-wrap items-center gap-1.5 text-xs" aria-label="About this interest">
        <li className="rounded-full bg-paper px-2 py-0.5 font-medium text-ink" data-testid="interest-kind">
          {KIND_LABELS[interest.kind]}
        </li>
        <li className="inline-flex items-center gap-1 rounded-full bg-paper px-2 py-0.5 text-ink" data-testid="interest-importance">
          <span aria-hidden className="tracking-tighter">
            {'●'.repeat(interest.importance)}
            <span className="text-line">{'●'.repeat(3 - interest.importance)}</span>
          </span>
          {IMPORTANCE_LABELS[interest.importance]} importance
        </li>
        {interest.private ? (
          <li className="inline-flex items-center gap-1 rounded-full border border-muted/40 px-2 py-0.5 font-medium text-ink" data-testid="private-badge">
            <Lock aria-hidden size={12} /> Private: only your side sees this
          </li>
        ) : (
          <li
            data-testid="served-count"
            className={cn(
              'inline-flex items-center gap-1 rounded-full px-2 py-0.5',
              unserved ? 'bg-warn/10 font-medium text-warn' : 'bg-ok/10 text-ok',
            )}
          >
            {unserved ? <TriangleAlert aria-hidden size={12} /> : null}
            {unserved ? 'No option serves this yet' : `Served by ${servedBy} option${servedBy === 1 ? '' : 's'}`}
          </li>
        )}
      </ul>
      {linked.length > 0 ? (
        <ul className="mt-2 space-y-1 text-xs" aria-label="Links" data-testid="interest-links">
          {linked.map(({ other, relation }) => {
            const look = looks.get(other.partyId);
            return (
              <li key={other.id} data-relation={relation} className="flex items-start gap-1.5">
                {relation === 'shared' ? (
                  <Handshake aria-hidden size={14} className="mt-px shrink-0 text-ok" />
                ) : (
                  <Zap aria-hidden size={14} className="mt-px shrink-0 text-warn" />
                )}
                <span>
                  <span className="font-medium">{relation === 'shared' ? 'Shared with' : 'In tension with'}</span>{' '}
                  {look ? `${look.name}: ` : ''}
                  {other.text}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <ActivityBadge activity={activity} looks={looks} />
        <div className="ml-auto flex flex-wrap gap-1">
          {interest.private && canChange ? (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                actions.shareInterest(interest.id);
                announce(`Shared with the board: ${interest.text}`);
              }}
            >
              <Share2 aria-hidden size={14} /> Share with the board
            </Button>
          ) : null}
          {onLink ? (
            <Button size="sm" variant="ghost" onClick={onLink} aria-label={`Link to…: ${interest.text}`} data-testid="link-interest">
              <Link2 aria-hidden size={14} /> Link to…
            </Button>
          ) : null}
          {canChange ? (
            <>
              <Button
                ref={editButton}
                size="icon"
                variant="ghost"
                className="h-8 w-8"
                aria-label={`Edit interest: ${interest.text}`}
                onClick={() => setDraft({ text: interest.text, kind: interest.kind, importance: interest.importance })}
              >
                <Pencil aria-hidden size={16} />
              </Button>
              <Button
                size="icon"
                variant="danger"
                className="h-8 w-8"
                aria-label={`Delete interest: ${interest.text}`}
                onClick={() => {
                  actions.deleteInterest(interest.id);
                  showUndo(`Interest deleted: ${interest.text}`);
                }}
              >
                <Trash2 aria-hidden size={16} />
              </Button>
            </>
          ) : null}
        </div>
      </div>
    </li>
  );
}

