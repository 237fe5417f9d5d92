'use client';

import { Settings2 } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import type { BoardState } from '@/lib/board/state';
import { reveal, updateSettings, type SettingsInput } from '@/lib/sync/api';
import { Button } from '@/components/ui/button';
import { AppliesAtOnceDialog } from '@/components/ui/applies-at-once-dialog';
import { useAnnounce } from '@/components/ui/announcer';
import { RequestError, useServerRequest } from '@/components/ui/server-request';
import type { PartyLook } from '@/components/board/party-badge';
import { RevealConsent } from '@/components/scoring/reveal-consent';

/**
 * The board's settings, for whoever drives it: the facilitator, or — on an
 * unfacilitated board — any party member (who cannot turn facilitation back
 * on: that is the facilitator's alone). Every change goes through the
 * server, which writes the state room; the panel shows what the room says.
 * Nothing is ever revealed automatically. Without a facilitator, a party
 * cannot publish on its own: opening blind scoring or turning side-blind off
 * is the facilitator's (the server refuses it), and authorship is revealed
 * when every party is ready to reveal it (RevealConsent).
 */
export function SettingsPanel({
  state: confirmed,
  boardId,
  token,
  isFacilitator,
  looks,
  ownParty,
}: {
  state: BoardState;
  boardId: string;
  token: string;
  isFacilitator: boolean;
  looks: readonly PartyLook[];
  /** the person's party, or null (the facilitator) */
  ownParty: string | null;
}) {
  const id = useId();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const { pending, error, send } = useServerRequest();
  // What the person just chose, shown at once until the state room confirms it.
  const [optimistic, setOptimistic] = useState<Partial<BoardState>>({});
  const state = { ...confirmed, ...optimistic };
  // A party may tighten, never publish: open scoring and side-blind off are the facilitator's while anything is hidden.
  const mayOpenScores = isFacilitator || state.scoresRevealed || state.scoring === 'open';
  const mayShowAuthorship = isFacilitator || state.authorshipRevealed || !state.sideBlind;

  async function change(call: () => Promise<unknown>, message: string, expect: Partial<BoardState> = {}) {
    setOptimistic(expect);
    await send(async () => {
      await call();
      announce(message);
    }, 'The setting could not be changed. Try again.');
    setOptimistic({});
  }

  const set = (settings: SettingsInput, message: string) =>
    change(() => updateSettings(boardId, token, settings), message, settings as Partial<BoardState>);

  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)} data-testid="settings-open">
        <Settings2 aria-hidden size={16} /> Settings
      </Button>
      <AppliesAtOnceDialog
        open={open}
        onOpenChange={setOpen}
        title="Board settings"
        description="Changes apply to everyone on the board at once."
        testId="settings-panel"
        className="space-y-5"
      >
        {!state.facilitated ? (
          <p className="rounded-md border border-accent/30 bg-accent/5 p-3 text-sm text-ink" data-testid="unfacilitated-note">
            This board is <strong>unfacilitated</strong>: every party member can move the phases, run the timer and
            change these settings. Scores and authorship are revealed only when every party is ready to reveal them.
            {isFacilitator ? ' Turn facilitation back on to keep these controls for yourself.' : ''}
          </p>
        ) : null}

        <Toggle
          id={`${id}-facilitated`}
          label="Facilitated"
          hint={
            isFacilitator
              ? 'Only you move the phases, run the timer and change settings. Turn it off to let the parties run the session themselves.'
              : 'Only the facilitator can turn facilitation on or off.'
          }
          checked={state.facilitated}
          disabled={!isFacilitator || pending}
          onChange={(on) =>
            set({ facilitated: on }, on ? 'The board is facilitated again.' : 'The parties can now run the session.')
          }
        />

        <Toggle
          id={`${id}-side-blind`}
          label="Side-blind options"
          hint={
            mayShowAuthorship
              ? 'Nobody sees which party proposed an option (each side still sees its own) until authorship is revealed.'
              : 'Nobody sees which party proposed an option (each side still sees its own) until every party is ready to reveal it. Only a facilitator can turn this off.'
          }
          checked={state.sideBlind}
          disabled={pending || (state.sideBlind && !mayShowAuthorship)}
          onChange={(on) => set({ sideBlind: on }, on ? 'Options are side-blind.' : 'Options show who proposed them.')}
        />

        <fieldset>
          <legend className="text-sm font-medium">Scoring</legend>
          <div className="mt-1.5 flex flex-col gap-1.5 text-sm">
            {(
              [
                ['blind', 'Blind: each side sees the other’s scores only once they are revealed'],
                ['open', 'Open: scores are visible to everyone as they are given'],
              ] as const
            ).map(([value, text]) => (
              <label key={value} className="flex items-start gap-2">
                <input
                  type="radio"
                  name={`${id}-scoring`}
                  value={value}
                  checked={state.scoring === value}
                  disabled={pending || (value === 'open' && state.scoring !== 'open' && !mayOpenScores)}
                  onChange={() => set({ scoring: value }, `Scoring is ${value}.`)}
                  className="mt-1 h-4 w-4 accent-accent"
                />
                <span>{text}</span>
              </label>
            ))}
          </div>
          <p className="mt-1.5 text-sm text-muted" data-testid="reveal-rule">
            Blind scores are never revealed automatically, not even when everyone has rated everything:{' '}
            {state.facilitated
              ? 'the facilitator reveals them.'
              : 'they are revealed when every party is ready to reveal them (on the Score phase).'}
            {!mayOpenScores ? ' Only a facilitator can open blind scoring.' : ''}
          </p>
        </fieldset>

        {isFacilitator || state.facilitated ? (
        <section aria-labelledby={`${id}-authorship`} className="space-y-1.5">
            <h3 id={`${id}-authorship`} className="text-sm font-medium">
              Who proposed each option
            </h3>
            <p className="text-sm text-muted" data-testid="authorship-status">
              {state.authorshipRevealed ? 'Revealed to everyone.' : 'Hidden: each side sees only its own.'}
            </p>
            <Button
              size="sm"
              disabled={pending}
              data-testid="reveal-authorship"
              onClick={() =>
                change(
                  () => reveal(boardId, token, { authorship: !state.authorshipRevealed }),
                  state.authorshipRevealed ? 'Authorship hidden again.' : 'Authorship revealed.',
                  { authorshipRevealed: !state.authorshipRevealed },
                )
              }
            >
              {state.authorshipRevealed ? 'Hide who proposed each option' : 'Reveal who proposed each option'}
            </Button>
          </section>
        ) : state.sideBlind ? (
          <RevealConsent target="authorship" title="Who proposed each option" state={state} looks={looks} ownParty={ownParty} control={{ boardId, token }} />
        ) : null}

        <RequestError error={error} />
      </AppliesAtOnceDialog>
    </>
  );
}

function Toggle({
  id,
  label,
  hint,
  checked,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  hint: ReactNode;
  checked: boolean;
  disabled: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        role="switch"
        aria-checked={checked}
        aria-describedby={`${id}-hint`}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-1 h-4 w-4 shrink-0 accent-accent"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-sm text-muted">
          {hint}
        </p>
      </div>
    </div>
  );
}
