'use client';

import { Plus, X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { normaliseTag } from '@/lib/board/clusters';
import { useOptionTags } from '@/lib/board/hooks';
import { LIMITS, SUGGESTED_TAGS } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { AppliesAtOnceDialog } from '@/components/ui/applies-at-once-dialog';
import { FieldError, TextInput } from '@/components/ui/field';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from '@/components/board/board-context';

/** Tag an option by what it trades on: the suggested tags as toggles, plus any custom tag. */
export function TagsDialog({ optionId, title, open, onOpenChange }: { optionId: string; title: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const { store, actions } = useBoard();
  const id = useId();
  const announce = useAnnounce();
  const tags = useOptionTags(store, optionId);
  const [custom, setCustom] = useState('');
  const [error, setError] = useState<string | undefined>();
  const all = [...new Set([...SUGGESTED_TAGS, ...tags])];

  function toggle(tag: string, on: boolean) {
    actions.setOptionTag(optionId, tag, on);
    announce(on ? `Tagged ${tag}` : `Tag ${tag} removed`);
  }

  function addCustom(event: FormEvent) {
    event.preventDefault();
    const tag = normaliseTag(custom);
    if (!tag) {
      setError('Use letters, digits, spaces, - or _ (at most 24 characters).');
      return;
    }
    toggle(tag, true);
    setCustom('');
    setError(undefined);
  }

  return (
    <AppliesAtOnceDialog open={open} onOpenChange={onOpenChange} title="Tags" description={`What “${title}” trades on.`} testId="tags-dialog">
      <ul className="flex flex-wrap gap-2" aria-label="Tags">
        {all.map((tag) => {
          const on = tags.includes(tag);
          return (
            <li key={tag}>
              <Button size="sm" variant={on ? 'primary' : 'secondary'} aria-pressed={on} onClick={() => toggle(tag, !on)}>
                {on ? <X aria-hidden size={14} /> : <Plus aria-hidden size={14} />}
                {tag}
              </Button>
            </li>
          );
        })}
      </ul>
      <form onSubmit={addCustom} noValidate>
        <label htmlFor={`${id}-custom`} className="block text-sm font-medium">
          Custom tag
        </label>
        <div className="mt-1 flex gap-2">
          <TextInput
            id={`${id}-custom`}
            value={custom}
            maxLength={LIMITS.tag}
            onChange={(e) => setCustom(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            autoComplete="off"
          />
          <Button type="submit">Add tag</Button>
        </div>
        <FieldError id={`${id}-error`} message={error} />
      </form>
    </AppliesAtOnceDialog>
  );
}
