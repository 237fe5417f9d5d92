'use client';

import { useId, useState, type FormEvent } from 'react';
import { BENEFITS, LIMITS, type Benefit, type BoardOption } from '@/lib/board/schema';
import type { PartyLook } from '@/components/board/party-badge';
import { cn } from '@/components/ui/cn';
import { FieldError, TextInput, inputClass } from '@/components/ui/field';
import { SaveCancelButtons } from '@/components/ui/inline-edit';

export const BENEFIT_LABELS: Record<Benefit, string> = {
  timeline: 'Timeline flexibility',
  risk: 'Risk reduction',
  quality: 'Quality',
  cost: 'Cost',
  other: 'Other',
};

export type TradeoffDraft = {
  partyId: string;
  concedes: string;
  unlocks: string;
  benefit: Benefit;
  optionIds: string[];
};

/** Record (or edit) "Party X concedes … → unlocks …", linked to options. */
export function TradeoffForm({
  looks,
  options,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  looks: readonly PartyLook[];
  /** options it may be linked to (the shortlist first) */
  options: readonly BoardOption[];
  initial: TradeoffDraft;
  submitLabel: string;
  onSubmit: (draft: TradeoffDraft) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<TradeoffDraft>(initial);
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.concedes.trim()) {
      setError('Say what is conceded.');
      document.getElementById(`${id}-concedes`)?.focus();
      return;
    }
    onSubmit({ ...draft, concedes: draft.concedes.trim(), unlocks: draft.unlocks.trim() });
    setError(undefined);
    if (!onCancel) setDraft({ ...initial, partyId: draft.partyId });
  }

  const toggleOption = (optionId: string, on: boolean) =>
    setDraft((d) => ({ ...d, optionIds: on ? [...d.optionIds, optionId] : d.optionIds.filter((o) => o !== optionId) }));

  return (
    <form onSubmit={submit} className="space-y-3" aria-label={submitLabel} data-testid="tradeoff-form" noValidate>
      <div className="grid gap-3 sm:grid-cols-[minmax(0,12rem)_minmax(0,1fr)]">
        <div>
          <label htmlFor={`${id}-party`} className="block text-sm font-medium">
            Who concedes
          </label>
          <select
            id={`${id}-party`}
            className={cn(inputClass, 'mt-1')}
            value={draft.partyId}
            onChange={(e) => setDraft({ ...draft, partyId: e.target.value })}
            data-testid="tradeoff-party"
          >
            {looks.map((look) => (
              <option key={look.id} value={look.id}>
                {look.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-concedes`} className="block text-sm font-medium">
            Concedes
          </label>
          <TextInput
            id={`${id}-concedes`}
            className="mt-1"
            value={draft.concedes}
            maxLength={LIMITS.tradeoffText}
            placeholder="e.g. a 3% price rise in year one"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => setDraft({ ...draft, concedes: e.target.value })}
            autoComplete="off"
          />
          <FieldError id={`${id}-error`} message={error} />
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,12rem)]">
        <div>
          <label htmlFor={`${id}-unlocks`} className="block text-sm font-medium">
            Unlocks
          </label>
          <TextInput
            id={`${id}-unlocks`}
            className="mt-1"
            value={draft.unlocks}
            maxLength={LIMITS.tradeoffText}
            placeholder="e.g. a two-year volume commitment"
            onChange={(e) => setDraft({ ...draft, unlocks: e.target.value })}
            autoComplete="off"
          />
        </div>
        <div>
          <label htmlFor={`${id}-benefit`} className="block text-sm font-medium">
            Benefit
          </label>
          <select
            id={`${id}-benefit`}
            className={cn(inputClass, 'mt-1')}
            value={draft.benefit}
            onChange={(e) => setDraft({ ...draft, benefit: e.target.value as Benefit })}
          >
            {BENEFITS.map((b) => (
              <option key={b} value={b}>
                {BENEFIT_LABELS[b]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {options.length > 0 ? (
        <fieldset>
          <legend className="text-sm font-medium">Linked options</legend>
          <div className="mt-1 flex max-h-40 flex-col gap-1 overflow-y-auto rounded-md border border-line p-2">
            {options.map((o) => (
              <label key={o.id} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-1 h-4 w-4 shrink-0 accent-accent"
                  checked={draft.optionIds.includes(o.id)}
                  onChange={(e) => toggleOption(o.id, e.target.checked)}
                />
                <span className="break-words">{o.title || 'Untitled option'}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <SaveCancelButtons saveLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
