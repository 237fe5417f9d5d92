'use client';

import { Plus } from 'lucide-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { LIMITS, type InterestKind } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { FieldError, TextInput } from '@/components/ui/field';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from '@/components/board/board-context';
import { KindAndImportanceSelects } from './interest-fields';

/**
 * Add an interest to a lane: text, kind, importance, and — for the party's
 * own members — "keep private" (it then lives in the party's lane room, which
 * only that party can read). Enter adds and keeps focus for the next one.
 */
export function InterestComposer({ partyId, partyName, canKeepPrivate }: { partyId: string; partyName: string; canKeepPrivate: boolean }) {
  const { actions } = useBoard();
  const id = useId();
  const announce = useAnnounce();
  const textRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<InterestKind>('need');
  const [importance, setImportance] = useState(2);
  const [keepPrivate, setKeepPrivate] = useState(false);
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!value) {
      setError('Type the interest first.');
      textRef.current?.focus();
      return;
    }
    const created = actions.addInterest({ text: value, kind, importance, private: canKeepPrivate && keepPrivate, partyId });
    if (!created) {
      setError('This interest could not be added.');
      return;
    }
    setText('');
    setError(undefined);
    announce(`${keepPrivate && canKeepPrivate ? 'Private interest' : 'Interest'} added: ${value}`);
    textRef.current?.focus();
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Add an interest for ${partyName}`}
      data-testid="interest-composer"
      className="rounded-lg border border-line bg-white p-3"
    >
      <label htmlFor={`${id}-text`} className="block text-sm font-medium">
        New interest
      </label>
      <div className="mt-1 flex gap-2">
        <TextInput
          ref={textRef}
          id={`${id}-text`}
          value={text}
          maxLength={LIMITS.interestText}
          placeholder="e.g. Predictable costs for next year"
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(undefined);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          autoComplete="off"
          enterKeyHint="done"
        />
        <Button type="submit" variant="primary" aria-label="Add interest">
          <Plus aria-hidden size={16} />
          <span className="hidden sm:inline">Add</span>
        </Button>
      </div>
      <FieldError id={`${id}-error`} message={error} />
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2">
        <KindAndImportanceSelects
          idPrefix={id}
          kind={kind}
          importance={importance}
          onKindChange={setKind}
          onImportanceChange={setImportance}
        />
        {canKeepPrivate ? (
          <label className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={keepPrivate}
              onChange={(e) => setKeepPrivate(e.target.checked)}
              className="h-4 w-4 accent-accent"
            />
            Keep private
          </label>
        ) : null}
      </div>
      <p id={`${id}-hint`} className="mt-1.5 text-xs text-muted">
        {canKeepPrivate
          ? 'A private interest stays with your side only, until you share it with the board.'
          : `Added for ${partyName}, visible to everyone.`}
      </p>
    </form>
  );
}
