'use client';

import { useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { TextArea, TextInput } from '@/components/ui/field';

type Props = {
  id: string;
  /** the value on the board */
  value: string;
  /** save a new value (called on blur, Enter in a one-line field, Ctrl/⌘+Enter in a text area) */
  onCommit: (value: string) => void;
  multiline?: boolean;
  disabled?: boolean;
  maxLength?: number;
  placeholder?: string;
  className?: string;
  list?: string;
  testId?: string;
  describedBy?: string;
} & Pick<InputHTMLAttributes<HTMLInputElement>, 'autoComplete'>;

/**
 * A text field over a shared value. Once someone types, their draft is
 * theirs (the board's value is not pushed under their cursor); it is saved
 * when they leave the field or press Enter, and Escape puts the board's value back.
 */
export function CommitField({ id, value, onCommit, multiline = false, disabled, maxLength, placeholder, className, list, testId, describedBy, autoComplete }: Props) {
  const [draft, setDraft] = useState<string | null>(null);

  function commit() {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) {
    if (event.key === 'Escape' && draft !== null) {
      event.preventDefault();
      setDraft(null);
    } else if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      commit();
    }
  }

  const common = {
    id,
    value: draft ?? value,
    disabled,
    maxLength,
    placeholder,
    className,
    'data-testid': testId,
    'aria-describedby': describedBy,
    onBlur: commit,
    onKeyDown,
  };
  return multiline ? (
    <TextArea {...common} rows={2} onChange={(e) => setDraft(e.target.value)} />
  ) : (
    <TextInput {...common} list={list} autoComplete={autoComplete ?? 'off'} onChange={(e) => setDraft(e.target.value)} />
  );
}
