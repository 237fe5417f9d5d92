'use client';

import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import { LIMITS, type DebriefNote, type DebriefPrompt } from '@/lib/board/schema';
import { PartyBadge, type PartyLook } from '@/components/board/party-badge';
import { useAnnounce } from '@/components/ui/announcer';
import { Button } from '@/components/ui/button';
import { TextArea } from '@/components/ui/field';
import { EditDeleteButtons, InlineEditForm, useInlineEdit } from '@/components/ui/inline-edit';

export const PROMPTS: Record<DebriefPrompt, { title: string; hint: string }> = {
  worked: { title: 'What worked', hint: 'e.g. Listing interests before options' },
  didnt: { title: 'What didn’t', hint: 'e.g. We scored before everything was on the table' },
  change: { title: 'What to change next time', hint: 'e.g. Agree the review dates earlier' },
};

/** One prompt's notes, each marked with its party, and a field to add one. */
export function PromptColumn({
  prompt,
  notes,
  looks,
  ownParty,
  actions,
  editable,
}: {
  prompt: DebriefPrompt;
  notes: readonly DebriefNote[];
  looks: ReadonlyMap<string, PartyLook>;
  /** '' for the facilitator (their notes belong to no party) */
  ownParty: string;
  actions: BoardActions;
  editable: boolean;
}) {
  const id = useId();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const { title, hint } = PROMPTS[prompt];

  function add(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim()) return;
    if (actions.addDebriefNote(prompt, text)) announce(`Note added to “${title}”`);
    setText('');
  }

  return (
    <section aria-labelledby={`${id}-h`} className="flex min-w-0 flex-col gap-2 rounded-lg border border-line bg-white p-3" data-testid="debrief-prompt" data-prompt={prompt}>
      <h4 id={`${id}-h`} className="font-semibold">
        {title}
      </h4>
      {notes.length === 0 ? <p className="text-sm text-muted">Nothing yet.</p> : null}
      <ul className="space-y-2" aria-label={title}>
        {notes.map((note) => (
          <NoteItem key={note.id} note={note} look={looks.get(note.partyId)} mine={editable && note.partyId === ownParty} actions={actions} />
        ))}
      </ul>
      {editable ? (
        <form onSubmit={add} className="mt-auto space-y-2 pt-1">
          <label htmlFor={`${id}-new`} className="sr-only">
            Add to “{title}”
          </label>
          <TextArea
            id={`${id}-new`}
            rows={2}
            value={text}
            maxLength={LIMITS.debriefText}
            placeholder={hint}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e: KeyboardEvent) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                add();
              }
            }}
            data-testid="debrief-input"
          />
          <Button type="submit" size="sm" disabled={!text.trim()}>
            Add note
          </Button>
        </form>
      ) : null}
    </section>
  );
}

function NoteItem({ note, look, mine, actions }: { note: DebriefNote; look: PartyLook | undefined; mine: boolean; actions: BoardActions }) {
  const id = useId();
  const announce = useAnnounce();
  const { draft, setDraft, stop, editButton } = useInlineEdit<string>();

  function save() {
    if (draft !== null && draft.trim() && draft !== note.text) actions.updateDebriefNote(note.id, draft);
    stop();
  }

  if (draft !== null) {
    return (
      <li>
        <InlineEditForm onSave={save} onCancel={stop}>
          <label htmlFor={id} className="sr-only">
            Edit note
          </label>
          <TextArea id={id} rows={3} value={draft} autoFocus maxLength={LIMITS.debriefText} onChange={(e) => setDraft(e.target.value)} />
        </InlineEditForm>
      </li>
    );
  }
  return (
    <li className="group flex items-start gap-2 text-sm" data-testid="debrief-note" data-party-id={note.partyId}>
      {look ? <PartyBadge look={look} /> : <span className="mt-0.5 shrink-0 rounded bg-paper px-1 text-xs text-muted ring-1 ring-line">Facilitator</span>}
      <p className="min-w-0 flex-1 break-words whitespace-pre-wrap">
        {look ? <span className="sr-only">{look.name}: </span> : null}
        {note.text}
      </p>
      {mine ? (
        <span className="flex shrink-0">
          <EditDeleteButtons
            kind="note"
            name={note.text}
            compact
            editRef={editButton}
            onEdit={() => setDraft(note.text)}
            onDelete={() => {
              actions.deleteDebriefNote(note.id);
              announce('Note deleted');
            }}
          />
        </span>
      ) : null}
    </li>
  );
}
