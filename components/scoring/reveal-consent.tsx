'use client';

import { Check, Eye, EyeOff, Hourglass } from 'lucide-react';
import { useId } from 'react';
import { partiesAsking, type BoardState, type RevealTarget } from '@/lib/board/state';
import { reveal } from '@/lib/sync/api';
import { PartyBadge, type PartyLook } from '@/components/board/party-badge';
import { useAnnounce } from '@/components/ui/announcer';
import { Button } from '@/components/ui/button';
import { RequestError, useServerRequest } from '@/components/ui/server-request';

const WHAT: Record<RevealTarget, { noun: string; revealed: string; hide: string }> = {
  scores: { noun: 'the scores', revealed: 'Scores revealed to everyone', hide: 'Hide scores again' },
  authorship: { noun: 'who proposed each option', revealed: 'Authorship revealed to everyone', hide: 'Hide who proposed each option' },
};

/** "A", "A and B", "A, B and C" */
export function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * A reveal by consent, on a board without a facilitator: each party says it
 * is ready, and the server reveals once every party has (a party can
 * withdraw until then). Everyone sees who is ready; a party member also gets
 * the button: "Ready to reveal", then "Withdraw" while it waits for the
 * others. Once revealed, any party can hide again (hiding discloses nothing).
 * The status line is a polite live region, so a screen reader hears when
 * another party becomes ready, withdraws, or the reveal happens.
 */
export function RevealConsent({
  target,
  title = 'Reveal by agreement',
  state,
  looks,
  ownParty,
  control,
}: {
  target: RevealTarget;
  /** the section's heading */
  title?: string;
  state: BoardState;
  looks: readonly PartyLook[];
  /** the viewer's party, or null (a viewer, or the facilitator) */
  ownParty: string | null;
  /** present when this person may ask (a party member with a working board) */
  control: { boardId: string; token: string } | null;
}) {
  const id = useId();
  const announce = useAnnounce();
  const { pending, error, send } = useServerRequest();
  const what = WHAT[target];
  const revealed = target === 'scores' ? state.scoresRevealed : state.authorshipRevealed;
  const ready = new Set(partiesAsking(state.revealRequests, target, looks.map((l) => l.id)));
  const mine = ownParty !== null && ready.has(ownParty);
  const waitingFor = looks.filter((l) => !ready.has(l.id) && l.id !== ownParty).map((l) => l.name);

  const status = revealed
    ? `${what.revealed}: every party asked.`
    : ready.size === 0
      ? `Nothing is revealed until every party is ready to reveal ${what.noun}.`
      : mine
        ? `You are ready. Waiting for ${listNames(waitingFor)}.`
        : `${listNames(looks.filter((l) => ready.has(l.id)).map((l) => l.name))} ${ready.size === 1 ? 'is' : 'are'} ready to reveal ${what.noun}.`;

  async function ask(on: boolean) {
    await send(async () => {
      const answer = await reveal(control!.boardId, control!.token, { [target]: on });
      const nowRevealed = target === 'scores' ? answer.scoresRevealed : answer.authorshipRevealed;
      announce(
        revealed && !on ? `${what.hide.replace(' again', '')}: done.` : nowRevealed ? `${what.revealed}.` : on ? 'You are ready to reveal.' : 'Withdrawn.',
      );
    }, on ? 'Your request could not be sent. Try again.' : 'That did not go through. Try again.');
  }

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2" data-testid={`reveal-consent-${target}`} data-revealed={revealed}>
      <h3 id={`${id}-title`} className="text-sm font-medium">
        {title}
      </h3>
      {!revealed ? (
        <ul aria-label={`Parties ready to reveal ${what.noun}`} className="flex flex-wrap gap-2" data-testid="reveal-readiness">
          {looks.map((look) => {
            const isReady = ready.has(look.id);
            return (
              <li
                key={look.id}
                data-party-id={look.id}
                data-ready={isReady}
                className={
                  'inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-sm ' +
                  (isReady ? 'border-ok text-ink' : 'border-line text-muted')
                }
              >
                <PartyBadge look={look} className="h-5 w-5" />
                <span className="font-medium">{look.name}</span>
                {isReady ? <Check aria-hidden size={14} className="text-ok" /> : <Hourglass aria-hidden size={14} />}
                <span>{isReady ? 'ready to reveal' : 'not yet'}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <p role="status" aria-live="polite" className="text-sm text-muted" data-testid="reveal-consent-status">
        {status}
      </p>
      {control ? (
        <div className="flex flex-col items-start gap-1">
          {revealed ? (
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => ask(false)} data-testid={`hide-${target}`}>
              <EyeOff aria-hidden size={16} />
              {what.hide}
            </Button>
          ) : mine ? (
            <Button
              size="sm"
              variant="secondary"
              disabled={pending}
              onClick={() => ask(false)}
              data-testid={`withdraw-${target}`}
              aria-label={`Withdraw: no longer ready to reveal ${what.noun}`}
            >
              Withdraw
            </Button>
          ) : (
            <Button size="sm" variant="primary" disabled={pending} onClick={() => ask(true)} data-testid={`ready-${target}`}>
              <Eye aria-hidden size={16} />
              {target === 'scores' ? 'Ready to reveal' : 'Ready to reveal who proposed what'}
            </Button>
          )}
          <RequestError error={error} />
        </div>
      ) : null}
    </section>
  );
}
