'use client';

import { Handshake, Link2, Lock, Share2, TriangleAlert, Zap } from 'lucide-react';
import { useId } from 'react';
import type { InterestData } from '@/lib/board/board-data';
import { LIMITS, type InterestKind, type LinkRelation } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { TextArea } from '@/components/ui/field';
import { EditDeleteButtons, InlineEditForm, useInlineEdit } from '@/components/ui/inline-edit';
import { useAnnounce } from '@/components/ui/announcer';
import { useUndoToast } from '@/components/ui/undo-toast';
import { useBoard } from '@/components/board/board-context';
import { useEditingPresence } from '@/components/board/use-editing-presence';
import { useRecordActivity } from '@/components/presence/activity';
import { ActivityBadge } from '@/components/presence/activity-badge';
import { KindAndImportanceSelects } from './interest-fields';
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
  const { draft, setDraft, stop, editButton } = useInlineEdit<Draft>();

  // Presence: say which shared interest I edit (never a private one: its id stays in our lane).
  useEditingPresence(session, draft && !interest.private ? interest.id : null);

  function save() {
    if (!draft) return;
    const text = draft.text.trim();
    actions.updateInterest(interest.id, {
      ...(text && text !== interest.text ? { text } : {}),
      ...(draft.kind !== interest.kind ? { kind: draft.kind } : {}),
      ...(draft.importance !== interest.importance ? { importance: draft.importance } : {}),
    });
    announce('Interest saved');
    stop();
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
        <InlineEditForm label={`Edit interest: ${interest.text}`} onSave={save} onCancel={stop} saveWith="enter">
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
            <KindAndImportanceSelects
              idPrefix={formId}
              kind={draft.kind}
              importance={draft.importance}
              onKindChange={(kind) => setDraft({ ...draft, kind })}
              onImportanceChange={(importance) => setDraft({ ...draft, importance })}
            />
          </div>
        </InlineEditForm>
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
            <EditDeleteButtons
              kind="interest"
              name={interest.text}
              editRef={editButton}
              onEdit={() => setDraft({ text: interest.text, kind: interest.kind, importance: interest.importance })}
              onDelete={() => {
                actions.deleteInterest(interest.id);
                showUndo(`Interest deleted: ${interest.text}`);
              }}
            />
          ) : null}
        </div>
      </div>
    </li>
  );
}

