'use client';

import { ArrowRight, Check, CircleHelp } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import type { TradeoffData } from '@/lib/board/board-data';
import { own } from '@/lib/board/dict';
import { beneficiaries, tradeoffBalance, tradeoffStatus } from '@/lib/board/derive/tradeoffs';
import { LIMITS, type BoardOption } from '@/lib/board/schema';
import { PartyBadge, type PartyLook } from '@/components/board/party-badge';
import { useAnnounce } from '@/components/ui/announcer';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { TextInput } from '@/components/ui/field';
import { EditDeleteButtons, useInlineEdit } from '@/components/ui/inline-edit';
import { BENEFIT_LABELS, TradeoffForm, type TradeoffDraft } from './tradeoff-form';

const STATUS_LOOK = {
  confirmed: { label: 'Confirmed', className: 'border-ok/50 bg-ok/10 text-ok' },
  questioned: { label: 'Questioned', className: 'border-warn/60 bg-warn/10 text-warn' },
  pending: { label: 'Awaiting a response', className: 'border-line bg-paper text-muted' },
} as const;

/** The tradeoff ledger: every entry, each other party's confirmation or question, and the balance. */
export function TradeoffLedger({
  tradeoffs,
  looks,
  options,
  ownParty,
  actions,
  editable,
}: {
  tradeoffs: readonly TradeoffData[];
  looks: ReadonlyMap<string, PartyLook>;
  /** options an entry may be linked to (the shortlist first) */
  options: readonly BoardOption[];
  ownParty: string | null;
  actions: BoardActions;
  editable: boolean;
}) {
  const announce = useAnnounce();
  const partyList = [...looks.values()];
  const partyIds = partyList.map((l) => l.id);
  const blank: TradeoffDraft = { partyId: ownParty ?? partyIds[0] ?? 'p1', concedes: '', unlocks: '', benefit: 'timeline', optionIds: [] };

  return (
    <div className="space-y-4">
      {editable ? (
        <div className="rounded-lg border border-line bg-white p-3">
          <TradeoffForm
            // A party records what it concedes itself (the server refuses the others); a facilitator records for any party.
            looks={ownParty ? partyList.filter((look) => look.id === ownParty) : partyList}
            options={options}
            initial={blank}
            submitLabel="Record tradeoff"
            onSubmit={(d) => {
              if (actions.addTradeoff(d)) announce('Tradeoff recorded');
            }}
          />
        </div>
      ) : null}
      {tradeoffs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-line bg-white/60 p-4 text-sm text-muted" data-testid="tradeoffs-empty">
          No tradeoffs yet. Write down each concession and what it unlocks, so both sides can see the deal is balanced.
        </p>
      ) : (
        <ul aria-label="Tradeoffs" className="space-y-2" data-testid="tradeoff-list">
          {tradeoffs.map((t) => (
            <TradeoffEntry key={t.id} entry={t} looks={looks} partyIds={partyIds} options={options} ownParty={ownParty} actions={actions} editable={editable} />
          ))}
        </ul>
      )}
      <Balance tradeoffs={tradeoffs} looks={partyList} />
    </div>
  );
}

function TradeoffEntry({
  entry,
  looks,
  partyIds,
  options,
  ownParty,
  actions,
  editable,
}: {
  entry: TradeoffData;
  looks: ReadonlyMap<string, PartyLook>;
  partyIds: readonly string[];
  options: readonly BoardOption[];
  ownParty: string | null;
  actions: BoardActions;
  editable: boolean;
}) {
  const announce = useAnnounce();
  const { draft, setDraft, stop, editButton } = useInlineEdit<TradeoffDraft>();
  const status = tradeoffStatus(entry, partyIds);
  const look = looks.get(entry.partyId);
  const partyName = look?.name ?? 'A party';
  const titleOf = (id: string) => options.find((o) => o.id === id)?.title || 'Untitled option';
  const canRespond = editable && ownParty !== null && ownParty !== entry.partyId && partyIds.includes(ownParty);

  if (draft) {
    return (
      <li className="rounded-lg border-2 border-accent bg-white p-3">
        <TradeoffForm
          looks={[...looks.values()].filter((look) => ownParty === null || look.id === ownParty)}
          options={options}
          initial={draft}
          submitLabel="Save tradeoff"
          onCancel={stop}
          onSubmit={(d) => {
            actions.updateTradeoff(entry.id, { partyId: d.partyId, concedes: d.concedes, unlocks: d.unlocks, benefit: d.benefit });
            for (const o of new Set([...d.optionIds, ...entry.optionIds])) actions.linkTradeoffOption(entry.id, o, d.optionIds.includes(o));
            stop();
            announce('Tradeoff saved');
          }}
        />
      </li>
    );
  }

  return (
    <li className="rounded-lg border border-line bg-white p-3" data-testid="tradeoff" data-tradeoff-id={entry.id} data-status={status} data-party-id={entry.partyId}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="min-w-0 flex-1 text-sm break-words">
          {look ? <PartyBadge look={look} className="mr-1.5 align-middle" /> : null}
          <strong>{partyName}</strong> concedes <span data-testid="tradeoff-concedes">{entry.concedes}</span>
          <ArrowRight aria-hidden size={14} className="mx-1.5 inline align-[-2px] text-muted" />
          <span className="sr-only">, which </span>unlocks <span data-testid="tradeoff-unlocks">{entry.unlocks || '…'}</span>
        </p>
        <span className={cn('shrink-0 rounded-full border px-2 py-0.5 text-xs font-medium', STATUS_LOOK[status].className)} data-testid="tradeoff-status">
          {STATUS_LOOK[status].label}
        </span>
        {editable && (ownParty === null || ownParty === entry.partyId) ? (
          <span className="flex shrink-0 gap-1">
            <EditDeleteButtons
              kind="tradeoff"
              name={entry.concedes}
              editRef={editButton}
              onEdit={() =>
                setDraft({ partyId: entry.partyId, concedes: entry.concedes, unlocks: entry.unlocks, benefit: entry.benefit, optionIds: [...entry.optionIds] })
              }
              onDelete={() => {
                actions.deleteTradeoff(entry.id);
                announce('Tradeoff deleted. Press Ctrl+Z to undo.');
              }}
            />
          </span>
        ) : null}
      </div>
      <p className="mt-1 flex flex-wrap gap-1.5 text-xs text-muted">
        <span className="rounded-full bg-paper px-2 py-0.5 ring-1 ring-line">{BENEFIT_LABELS[entry.benefit]}</span>
        {entry.optionIds.map((id) => (
          <span key={id} className="max-w-full truncate rounded-full bg-accent/5 px-2 py-0.5 text-ink ring-1 ring-accent/20" data-testid="tradeoff-option">
            {titleOf(id)}
          </span>
        ))}
      </p>
      <ul aria-label="Responses" className="mt-2 space-y-1 text-sm">
        {beneficiaries(entry, partyIds).map((pid) => {
          const response = own(entry.responses, pid);
          const other = looks.get(pid);
          return (
            <li key={pid} className="flex flex-wrap items-center gap-1.5" data-testid="tradeoff-response" data-party-id={pid} data-response={response?.status ?? 'none'}>
              {other ? <PartyBadge look={other} /> : null}
              <span className="font-medium">{other?.name ?? pid}:</span>
              {response ? (
                <span className={response.status === 'confirmed' ? 'text-ok' : 'text-warn'}>
                  {response.status === 'confirmed' ? 'confirmed' : 'questioned'}
                  {response.note ? <span className="text-ink"> — “{response.note}”</span> : null}
                </span>
              ) : (
                <span className="text-muted">no response yet</span>
              )}
            </li>
          );
        })}
      </ul>
      {canRespond ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <RespondControls entry={entry} ownParty={ownParty!} actions={actions} />
        </div>
      ) : null}
    </li>
  );
}

/** Confirm or question an entry on behalf of one's own party (with an optional note). */
function RespondControls({ entry, ownParty, actions }: { entry: TradeoffData; ownParty: string; actions: BoardActions }) {
  const announce = useAnnounce();
  const id = useId();
  const mine = own(entry.responses, ownParty);
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');

  function respond(status: 'confirmed' | 'questioned' | null, text = '') {
    actions.respondToTradeoff(entry.id, status ? { status, note: text } : null);
    announce(status === 'confirmed' ? 'You confirmed this tradeoff for your party' : status ? 'You questioned this tradeoff' : 'Response withdrawn');
  }

  function sendQuestion(event: FormEvent) {
    event.preventDefault();
    respond('questioned', note.trim());
    setAsking(false);
    setNote('');
  }

  if (asking) {
    return (
      <form onSubmit={sendQuestion} className="flex w-full flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 basis-48">
          <label htmlFor={id} className="block text-xs font-medium">
            Your question (optional)
          </label>
          <TextInput id={id} className="mt-1" value={note} maxLength={LIMITS.tradeoffText} autoFocus onChange={(e) => setNote(e.target.value)} />
        </div>
        <Button type="submit" size="sm" variant="primary">
          Send question
        </Button>
        <Button size="sm" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </form>
    );
  }
  return (
    <span className="flex flex-wrap gap-2">
      <Button
        size="sm"
        variant={mine?.status === 'confirmed' ? 'primary' : 'secondary'}
        aria-pressed={mine?.status === 'confirmed'}
        onClick={() => respond(mine?.status === 'confirmed' ? null : 'confirmed')}
        data-testid="confirm-tradeoff"
      >
        <Check aria-hidden size={16} />
        Confirm
      </Button>
      <Button
        size="sm"
        variant={mine?.status === 'questioned' ? 'primary' : 'secondary'}
        aria-pressed={mine?.status === 'questioned'}
        onClick={() => (mine?.status === 'questioned' ? respond(null) : setAsking(true))}
        data-testid="question-tradeoff"
      >
        <CircleHelp aria-hidden size={16} />
        Question
      </Button>
    </span>
  );
}

function Balance({ tradeoffs, looks }: { tradeoffs: readonly TradeoffData[]; looks: readonly PartyLook[] }) {
  const balance = tradeoffBalance(tradeoffs, looks.map((l) => l.id));
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-white">
      <table className="w-full text-sm" data-testid="tradeoff-balance">
        <caption className="px-3 pt-2 text-left font-medium">Balance</caption>
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">Party</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Concessions made</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Gains</th>
          </tr>
        </thead>
        <tbody>
          {balance.map((b) => {
            const look = looks.find((l) => l.id === b.partyId)!;
            return (
              <tr key={b.partyId} className="border-t border-line" data-testid="balance-row" data-party-id={b.partyId} data-conceded={b.conceded.total} data-gained={b.gained.total}>
                <th scope="row" className="px-3 py-1.5 text-left font-medium">
                  <span className="inline-flex items-center gap-1.5">
                    <PartyBadge look={look} />
                    {look.name}
                  </span>
                </th>
                <td className="px-3 py-1.5 tabular-nums">
                  {b.conceded.total} <span className="text-muted">({b.conceded.confirmed} confirmed, {b.conceded.questioned} questioned)</span>
                </td>
                <td className="px-3 py-1.5 tabular-nums">
                  {b.gained.total} <span className="text-muted">({b.gained.confirmed} confirmed, {b.gained.questioned} questioned)</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
