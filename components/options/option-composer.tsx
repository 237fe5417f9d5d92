'use client';

import { Plus } from 'lucide-react';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import { LIMITS } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { FieldError, TextArea, TextInput } from '@/components/ui/field';
import { useAnnounce } from '@/components/ui/announcer';

/**
 * Add options quickly: type, Enter, next. Focus stays in the title field so a
 * brainstorm never has to reach for the mouse.
 */
export function OptionComposer({ actions }: { actions: BoardActions }) {
  const id = useId();
  const announce = useAnnounce();
  const titleRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [showDetails, setShowDetails] = useState(false);
  const [error, setError] = useState<string | undefined>();

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = title.trim();
    if (!text) {
      setError('Type the option first.');
      titleRef.current?.focus();
      return;
    }
    const details = description.trim();
    const created = actions.addOption(details ? { title: text, description: details } : { title: text });
    if (created === null) {
      setError('This option could not be added: this link cannot edit the board.');
      return;
    }
    setTitle('');
    setDescription('');
    setError(undefined);
    announce(`Option added: ${text}`);
    titleRef.current?.focus();
  }

  function onDetailsKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Add an option"
      data-testid="option-composer"
      className="rounded-lg border border-line bg-white p-3"
    >
      <label htmlFor={`${id}-title`} className="block text-sm font-medium">
        New option
      </label>
      <div className="mt-1 flex gap-2">
        <TextInput
          ref={titleRef}
          id={`${id}-title`}
          value={title}
          maxLength={LIMITS.optionTitle}
          placeholder="e.g. Deliver in two batches: half in March, the rest in May"
          onChange={(e) => {
            setTitle(e.target.value);
            if (error) setError(undefined);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
          autoComplete="off"
          enterKeyHint="done"
        />
        <Button type="submit" variant="primary" aria-label="Add option">
          <Plus aria-hidden size={16} />
          <span className="hidden sm:inline">Add</span>
        </Button>
      </div>
      <FieldError id={`${id}-error`} message={error} />
      {showDetails ? (
        <div className="mt-2">
          <label htmlFor={`${id}-details`} className="block text-sm font-medium">
            Details <span className="font-normal text-muted">(optional)</span>
          </label>
          <TextArea
            id={`${id}-details`}
            className="mt-1"
            rows={2}
            value={description}
            maxLength={LIMITS.optionDescription}
            onChange={(e) => setDescription(e.target.value)}
            onKeyDown={onDetailsKeyDown}
          />
        </div>
      ) : null}
      <div className="mt-1.5 flex flex-wrap items-center justify-between gap-2">
        <p id={`${id}-hint`} className="text-xs text-muted">
          Enter adds it and keeps you here for the next one.
        </p>
        {!showDetails ? (
          <button
            type="button"
            className="text-xs font-medium text-accent underline underline-offset-2"
            onClick={() => setShowDetails(true)}
          >
            Add details
          </button>
        ) : null}
      </div>
    </form>
  );
}
