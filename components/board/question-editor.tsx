'use client';

import { Pencil } from 'lucide-react';
import { useId } from 'react';
import { LIMITS } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { TextArea } from '@/components/ui/field';
import { InlineEditForm, useInlineEdit } from '@/components/ui/inline-edit';

/** The board's "How might we …?" question: the page's heading, editable in place by parties and facilitator. */
export function QuestionEditor({
  question,
  editable,
  onSave,
}: {
  /** null while the board is loading */
  question: string | null;
  editable: boolean;
  onSave: (text: string) => void;
}) {
  const id = useId();
  // Closing puts focus back on the Edit button: back to where the person was.
  const { draft, setDraft, stop, editButton } = useInlineEdit<string>();

  function save() {
    if (draft !== null && draft.trim() !== (question ?? '')) onSave(draft.trim());
    stop();
  }

  if (draft !== null) {
    return (
      <InlineEditForm onSave={save} onCancel={stop} saveWith="enter" className="flex flex-col gap-2" testId="question-form">
        <label htmlFor={`${id}-q`} className="text-sm font-medium">
          The question
        </label>
        <TextArea
          id={`${id}-q`}
          value={draft}
          rows={2}
          autoFocus
          maxLength={LIMITS.question}
          onChange={(e) => setDraft(e.target.value)}
          aria-describedby={`${id}-hint`}
          className="text-lg font-semibold sm:text-lg"
        />
        <p id={`${id}-hint`} className="text-sm text-muted">
          Enter saves, Escape cancels. Everyone sees the change at once.
        </p>
      </InlineEditForm>
    );
  }

  return (
    <div className="flex items-start gap-2">
      <h1 data-testid="board-question" className="text-xl leading-snug font-semibold text-balance sm:text-2xl">
        {question === null ? (
          <span className="text-muted">Loading the board…</span>
        ) : (
          question || <span className="text-muted">No question yet: how might we …?</span>
        )}
      </h1>
      {editable ? (
        <Button
          ref={editButton}
          size="icon"
          variant="ghost"
          aria-label="Edit the question"
          className="mt-0.5"
          onClick={() => setDraft(question ?? '')}
        >
          <Pencil aria-hidden size={16} />
        </Button>
      ) : null}
    </div>
  );
}
