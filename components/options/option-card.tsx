'use client';

import { memo, useId, useState } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import { useOption } from '@/lib/board/hooks';
import { LIMITS, type BoardOption } from '@/lib/board/schema';
import type { BoardStore } from '@/lib/board/store';
import { Button } from '@/components/ui/button';
import { TextArea, TextInput } from '@/components/ui/field';
import { EditDeleteButtons, InlineEditForm, useInlineEdit } from '@/components/ui/inline-edit';
import { maskIcon } from '@/components/ui/mask-icons';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from '@/components/board/board-context';
import { useEditingPresence } from '@/components/board/use-editing-presence';
import { hasActivity, useRecordActivity } from '@/components/presence/activity';
import { ActivityBadge } from '@/components/presence/activity-badge';
import { AuthorMark, ServesChips, TagChips } from './option-meta';
import { ServesDialog } from './serves-dialog';
import { TagsDialog } from './tags-dialog';

type Draft = { title: string; description: string };

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * One option: text first, quiet metadata below (who proposed it as far as this
 * reader may know, tags, interests served — never scores), actions on hover
 * and focus (always reachable by keyboard, always visible on touch screens).
 * Subscribes to its own option and its own presence only, so an edit elsewhere
 * does not re-render it. Its tags, the interests it serves and its author come
 * from the list, which reads each of them once for all cards: a thousand cards
 * mount with two store subscriptions each instead of five.
 */
export const OptionCard = memo(function OptionCard({
  store,
  id,
  actions,
  editable,
  onDeleted,
  tags,
  served,
  author,
}: {
  store: BoardStore;
  id: string;
  actions: BoardActions;
  editable: boolean;
  onDeleted: (id: string, title: string) => void;
  tags: readonly string[] | undefined;
  /** ids of the interests the option serves */
  served: readonly string[] | undefined;
  /** the party that proposed it, as far as this reader may know */
  author: string | undefined;
}) {
  const { session, looks } = useBoard();
  const option = useOption(store, id);
  const activity = useRecordActivity(session, id);
  const { draft, setDraft, stop, editButton } = useInlineEdit<Draft>();
  const [dialog, setDialog] = useState<'tags' | 'serves' | null>(null);

  if (!option) return null;
  const title = option.title || 'Untitled option';

  if (draft) {
    return <OptionEditForm id={id} option={option} title={title} actions={actions} draft={draft} setDraft={setDraft} stop={stop} />;
  }

  // content-visibility: a card off screen costs no style, layout or paint (a
  // 1,000-option board loads in ~1.3 s instead of ~1.8 s, docs/benchmarks.md
  // finding 5); it stays in the accessibility tree, focusable and findable.
  // 8rem: a grid row of cards measures 114–138 px at 1,280 px wide; once
  // drawn, a card keeps its real height (auto).
  return (
    <li
      data-testid="option-card"
      data-option-id={id}
      data-peer-editing={activity.editing.length > 0 || undefined}
      className="group relative flex flex-col gap-2 rounded-lg border border-line bg-white p-3 shadow-xs [content-visibility:auto] [contain-intrinsic-size:auto_8rem]"
    >
      <div>
        <p data-testid="option-title" className="font-medium break-words">
          {title}
        </p>
        {option.description ? (
          <p data-testid="option-description" className="mt-1 text-sm break-words whitespace-pre-wrap text-ink/90">
            {option.description}
          </p>
        ) : null}
      </div>
      {tags && tags.length > 0 ? <TagChips tags={tags} /> : null}
      {served && served.length > 0 ? <ServesChips ids={served} /> : null}
      <div className="mt-auto flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-1.5">
          {author ? <AuthorMark author={author} /> : null}
          {hasActivity(activity) ? <ActivityBadge activity={activity} looks={looks} /> : null}
          <p className="text-xs text-muted">
            Added <time dateTime={new Date(option.createdAt).toISOString()}>{timeFormat.format(option.createdAt)}</time>
          </p>
        </div>
        {editable ? (
          <div className="flex gap-0.5 transition-opacity [@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-focus-within:opacity-100 [@media(hover:hover)]:group-hover:opacity-100">
            <Button size="icon" variant="ghost" className="h-8 w-8" aria-label={`Tags for: ${title}`} onClick={() => setDialog('tags')}>
              {maskIcon('tag', 16)}
            </Button>
            <Button
              size="icon"
              variant="ghost"
              className="h-8 w-8"
              aria-label={`Interests served by: ${title}`}
              onClick={() => setDialog('serves')}
            >
              {maskIcon('target', 16)}
            </Button>
            <EditDeleteButtons
              kind="option"
              name={title}
              editRef={editButton}
              onEdit={() => setDraft({ title: option.title, description: option.description })}
              onDelete={() => {
                actions.deleteOption(id);
                onDeleted(id, title);
              }}
            />
          </div>
        ) : null}
      </div>
      {dialog === 'tags' ? <TagsDialog optionId={id} title={title} open onOpenChange={(o) => !o && setDialog(null)} /> : null}
      {dialog === 'serves' ? <ServesDialog optionId={id} title={title} open onOpenChange={(o) => !o && setDialog(null)} /> : null}
    </li>
  );
});

/**
 * The card while someone edits it: title and details; Ctrl/⌘+Enter saves,
 * Escape cancels, and focus goes back to the card's Edit button. Mounted only
 * while editing, so its hooks and the "… is editing" presence cost the other
 * cards nothing.
 */
function OptionEditForm({
  id,
  option,
  title,
  actions,
  draft,
  setDraft,
  stop,
}: {
  id: string;
  option: BoardOption;
  title: string;
  actions: BoardActions;
  draft: Draft;
  setDraft: (draft: Draft) => void;
  stop: () => void;
}) {
  const { session } = useBoard();
  const formId = useId();
  const announce = useAnnounce();
  // Presence: others see "… is editing" on this card.
  useEditingPresence(session, id);

  function save() {
    const patch: { title?: string; description?: string } = {};
    const nextTitle = draft.title.trim();
    const nextDescription = draft.description.trim();
    if (nextTitle && nextTitle !== option.title) patch.title = nextTitle;
    if (nextDescription !== option.description) patch.description = nextDescription;
    if (Object.keys(patch).length > 0) {
      actions.updateOption(id, patch);
      announce('Option saved');
    }
    stop();
  }

  return (
    <li data-testid="option-card" data-option-id={id} data-editing="true" className="rounded-lg border-2 border-accent bg-white p-3">
      <InlineEditForm label={`Edit option: ${title}`} onSave={save} onCancel={stop} saveWith="mod-enter">
        <div>
          <label htmlFor={`${formId}-title`} className="block text-sm font-medium">
            Option title
          </label>
          <TextInput
            id={`${formId}-title`}
            className="mt-1"
            value={draft.title}
            autoFocus
            maxLength={LIMITS.optionTitle}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            autoComplete="off"
          />
        </div>
        <div>
          <label htmlFor={`${formId}-details`} className="block text-sm font-medium">
            Details <span className="font-normal text-muted">(optional)</span>
          </label>
          <TextArea
            id={`${formId}-details`}
            className="mt-1"
            rows={3}
            value={draft.description}
            maxLength={LIMITS.optionDescription}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </div>
      </InlineEditForm>
    </li>
  );
}
