'use client';

import { CalendarPlus, Trash2 } from 'lucide-react';
import { memo, useId, useState, type FormEvent } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import { own } from '@/lib/board/dict';
import { usePlan } from '@/lib/board/hooks';
import { LIMITS, type BoardOption, type Checkpoint } from '@/lib/board/schema';
import type { BoardStore } from '@/lib/board/store';
import { PartyBadge, type PartyLook } from '@/components/board/party-badge';
import { useAnnounce } from '@/components/ui/announcer';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { TextInput, inputClass } from '@/components/ui/field';
import { CommitField } from './commit-field';

const dateClass = cn(inputClass, 'w-auto');

/** The plan's two free texts, side by side. */
const PLAN_TEXTS = [
  {
    field: 'metrics',
    label: 'Success metrics',
    placeholder: 'How both sides will know it worked, e.g. 95% of orders on time',
  },
  {
    field: 'escalation',
    label: 'Escalation path',
    placeholder: 'Who talks to whom when it goes wrong, e.g. owners within a week, then both directors',
  },
] as const;

/**
 * The agreement for one shortlisted option: an owner on each side, start and
 * due dates, success metrics, review checkpoints and an escalation path.
 * Every field is shared live; text is saved when its writer leaves the field.
 */
export const PlanCard = memo(function PlanCard({
  store,
  option,
  stage,
  looks,
  checkpoints,
  memberNames,
  actions,
  editable,
  ownParty,
}: {
  store: BoardStore;
  option: BoardOption;
  stage: number;
  looks: readonly PartyLook[];
  checkpoints: readonly Checkpoint[];
  /** names to suggest as owners (the person's own party's members) */
  memberNames: readonly string[];
  actions: BoardActions;
  editable: boolean;
  /** the viewer's party: a party names its own owner only (the server refuses the others) */
  ownParty: string | null;
}) {
  const plan = usePlan(store, option.id);
  const id = useId();
  const title = option.title || 'Untitled option';
  const datesWrong = plan.startDate && plan.dueDate && plan.dueDate < plan.startDate;

  return (
    <li className="rounded-lg border border-line bg-white p-3 sm:p-4" data-testid="plan-card" data-option-id={option.id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="font-semibold break-words">
        {stage > 0 ? <span className="mr-2 text-xs font-semibold tracking-wide text-muted uppercase">Stage {stage}</span> : null}
        {title}
      </h3>
      <datalist id={`${id}-members`}>
        {memberNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>

      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        {looks.map((look) => (
          <div key={look.id}>
            <label htmlFor={`${id}-owner-${look.id}`} className="flex items-center gap-1.5 text-sm font-medium">
              <PartyBadge look={look} />
              Owner for {look.name}
            </label>
            <CommitField
              id={`${id}-owner-${look.id}`}
              className="mt-1"
              value={own(plan.owners, look.id) ?? ''}
              onCommit={(v) => actions.setPlanOwner(option.id, look.id, v)}
              disabled={!editable || ownParty !== look.id}
              maxLength={200}
              placeholder="Name and role"
              list={`${id}-members`}
              testId={`owner-${look.id}`}
            />
          </div>
        ))}
      </div>

      <div className="mt-3 flex flex-wrap gap-3">
        {(['startDate', 'dueDate'] as const).map((field) => (
          <div key={field}>
            <label htmlFor={`${id}-${field}`} className="block text-sm font-medium">
              {field === 'startDate' ? 'Start' : 'Due'}
            </label>
            <input
              id={`${id}-${field}`}
              type="date"
              className={cn(dateClass, 'mt-1')}
              value={plan[field]}
              disabled={!editable}
              aria-invalid={field === 'dueDate' && datesWrong ? true : undefined}
              aria-describedby={datesWrong ? `${id}-dates` : undefined}
              onChange={(e) => actions.setPlanField(option.id, field, e.target.value)}
              data-testid={field === 'startDate' ? 'plan-start' : 'plan-due'}
            />
          </div>
        ))}
        {datesWrong ? (
          <p id={`${id}-dates`} className="self-end pb-2 text-sm text-danger">
            The due date is before the start.
          </p>
        ) : null}
      </div>

      <div className="mt-3 grid gap-3 md:grid-cols-2">
        {PLAN_TEXTS.map(({ field, label, placeholder }) => (
          <div key={field}>
            <label htmlFor={`${id}-${field}`} className="block text-sm font-medium">
              {label}
            </label>
            <CommitField
              id={`${id}-${field}`}
              multiline
              className="mt-1"
              value={plan[field]}
              onCommit={(v) => actions.setPlanField(option.id, field, v)}
              disabled={!editable}
              maxLength={LIMITS.planText}
              placeholder={placeholder}
              testId={`plan-${field}`}
            />
          </div>
        ))}
      </div>

      <Checkpoints optionId={option.id} title={title} checkpoints={checkpoints} actions={actions} editable={editable} />
    </li>
  );
});

function Checkpoints({
  optionId,
  title,
  checkpoints,
  actions,
  editable,
}: {
  optionId: string;
  title: string;
  checkpoints: readonly Checkpoint[];
  actions: BoardActions;
  editable: boolean;
}) {
  const id = useId();
  const announce = useAnnounce();
  const [date, setDate] = useState('');
  const [label, setLabel] = useState('');

  function add(event: FormEvent) {
    event.preventDefault();
    if (!date && !label.trim()) return;
    if (actions.addCheckpoint(optionId, date, label)) announce('Checkpoint added');
    setDate('');
    setLabel('');
  }

  return (
    <fieldset className="mt-4">
      <legend className="text-sm font-medium">Review checkpoints</legend>
      {checkpoints.length === 0 ? <p className="mt-1 text-sm text-muted">No checkpoints yet: when will both sides look at how it goes?</p> : null}
      <ul className="mt-1 space-y-2" aria-label={`Checkpoints for “${title}”`}>
        {checkpoints.map((c, i) => (
          <li key={c.id} className="flex flex-wrap items-center gap-2" data-testid="checkpoint" data-checkpoint-id={c.id}>
            <label htmlFor={`${id}-${c.id}-date`} className="sr-only">
              Date of checkpoint {i + 1}
            </label>
            <input
              id={`${id}-${c.id}-date`}
              type="date"
              className={dateClass}
              value={c.date}
              disabled={!editable}
              onChange={(e) => actions.updateCheckpoint(c.id, { date: e.target.value })}
              data-testid="checkpoint-date"
            />
            <label htmlFor={`${id}-${c.id}-label`} className="sr-only">
              What checkpoint {i + 1} reviews
            </label>
            <CommitField
              id={`${id}-${c.id}-label`}
              className="min-w-0 flex-1 basis-40"
              value={c.label}
              onCommit={(v) => actions.updateCheckpoint(c.id, { label: v })}
              disabled={!editable}
              maxLength={LIMITS.checkpointLabel}
              testId="checkpoint-label"
            />
            {editable ? (
              <Button
                size="icon"
                variant="danger"
                className="h-9 w-9"
                aria-label={`Remove checkpoint ${i + 1}${c.label ? `: ${c.label}` : ''}`}
                onClick={() => {
                  actions.deleteCheckpoint(c.id);
                  announce('Checkpoint removed');
                }}
              >
                <Trash2 aria-hidden size={16} />
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <form onSubmit={add} className="mt-2 flex flex-wrap items-end gap-2" aria-label={`Add a checkpoint for “${title}”`}>
          <div>
            <label htmlFor={`${id}-new-date`} className="block text-xs font-medium">
              Date
            </label>
            <input id={`${id}-new-date`} type="date" className={cn(dateClass, 'mt-1')} value={date} onChange={(e) => setDate(e.target.value)} data-testid="new-checkpoint-date" />
          </div>
          <div className="min-w-0 flex-1 basis-40">
            <label htmlFor={`${id}-new-label`} className="block text-xs font-medium">
              What to review
            </label>
            <TextInput
              id={`${id}-new-label`}
              className="mt-1"
              value={label}
              maxLength={LIMITS.checkpointLabel}
              placeholder="e.g. First delivery review"
              onChange={(e) => setLabel(e.target.value)}
              autoComplete="off"
              data-testid="new-checkpoint-label"
            />
          </div>
          <Button type="submit" size="md" data-testid="add-checkpoint">
            <CalendarPlus aria-hidden size={16} />
            Add checkpoint
          </Button>
        </form>
      ) : null}
    </fieldset>
  );
}
