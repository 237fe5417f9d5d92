'use client';

import { useCallback, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { Button } from './button';
import { maskIcon } from './mask-icons';

/**
 * "Edit in place": a card swaps its text for a small form, then back. These
 * pieces keep the keys, the buttons and where focus goes the same on every
 * card that does it (interests, options, notes, tradeoffs, the question).
 */

/**
 * The draft of an inline edit (null when not editing) and a ref for the card's
 * Edit button: `stop()` closes the form and puts focus back on that button,
 * where the person was before.
 */
export function useInlineEdit<Draft>() {
  const [draft, setDraft] = useState<Draft | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const stop = useCallback(() => {
    setDraft(null);
    // After React has put the button back.
    requestAnimationFrame(() => editButton.current?.focus());
  }, []);
  return { draft, setDraft, stop, editButton };
}

/**
 * What saves from the keyboard besides the Save button: `enter` — Enter in a
 * text area (Shift+Enter for a new line), for one-paragraph texts; `mod-enter`
 * — Ctrl/⌘+Enter anywhere in the form, where the text may run to several lines.
 */
export type SaveKey = 'enter' | 'mod-enter';

/** Escape cancels; the `saveWith` key saves. */
export function inlineEditKeys(saveWith: SaveKey, save: () => void, cancel: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    } else if (
      event.key === 'Enter' &&
      (saveWith === 'mod-enter'
        ? event.ctrlKey || event.metaKey
        : !event.shiftKey && (event.target as HTMLElement).tagName === 'TEXTAREA')
    ) {
      event.preventDefault();
      save();
    }
  };
}

/** The primary submit button and, when there is something to go back to, Cancel. */
export function SaveCancelButtons({ saveLabel = 'Save', onCancel }: { saveLabel?: string; onCancel?: () => void }) {
  return (
    <div className="flex gap-2">
      <Button type="submit" size="sm" variant="primary">
        {saveLabel}
      </Button>
      {onCancel ? (
        <Button size="sm" onClick={onCancel}>
          Cancel
        </Button>
      ) : null}
    </div>
  );
}

/**
 * The form of an inline edit: its fields, then Save and Cancel. Without
 * `saveWith`, only the buttons save and cancel.
 */
export function InlineEditForm({
  label,
  onSave,
  onCancel,
  saveWith,
  className = 'space-y-2',
  testId,
  children,
}: {
  /** the form's accessible name, e.g. "Edit option: …" */
  label?: string;
  onSave: () => void;
  onCancel: () => void;
  saveWith?: SaveKey;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave();
  }
  return (
    <form
      onSubmit={submit}
      onKeyDown={saveWith ? inlineEditKeys(saveWith, onSave, onCancel) : undefined}
      aria-label={label}
      className={className}
      data-testid={testId}
    >
      {children}
      <SaveCancelButtons onCancel={onCancel} />
    </form>
  );
}

/**
 * A record's Edit (pencil) and Delete (bin) icon buttons, named after what
 * they act on: "Edit interest: Predictable costs". `compact` for dense lists.
 */
export function EditDeleteButtons({
  kind,
  name,
  onEdit,
  onDelete,
  editRef,
  compact = false,
}: {
  /** what the record is, e.g. "interest" */
  kind: string;
  /** how the record reads, e.g. its text */
  name: string;
  onEdit: () => void;
  onDelete: () => void;
  /** where focus returns when the edit closes (see useInlineEdit) */
  editRef?: Ref<HTMLButtonElement>;
  compact?: boolean;
}) {
  const box = compact ? 'h-7 w-7' : 'h-8 w-8';
  const icon = compact ? 14 : 16;
  return (
    <>
      <Button ref={editRef} size="icon" variant="ghost" className={box} aria-label={`Edit ${kind}: ${name}`} onClick={onEdit}>
        {maskIcon('pencil', icon)}
      </Button>
      <Button size="icon" variant="danger" className={box} aria-label={`Delete ${kind}: ${name}`} onClick={onDelete}>
        {maskIcon('trash', icon)}
      </Button>
    </>
  );
}
