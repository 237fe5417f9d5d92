'use client';

import { useId, useState, type FormEvent } from 'react';
import type { TokenClaims } from '@/lib/board/access';
import { LIMITS } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { FieldError, TextInput } from '@/components/ui/field';
import type { PartyLook } from './party-badge';

function roleLine(claims: TokenClaims, looks: Map<string, PartyLook>): string {
  if (claims.r === 'facilitator') return 'You facilitate: you move the phases for everyone.';
  if (claims.r === 'viewer') return 'You view only: you see every change live but cannot edit.';
  const party = claims.p ? looks.get(claims.p) : undefined;
  return party ? `You are on the ${party.name} side.` : 'You are on one side of the negotiation.';
}

/** Who I am on this board, and a dialog to change the name others see. */
export function YouPanel({
  name,
  claims,
  looks,
  onRename,
}: {
  name: string;
  claims: TokenClaims;
  looks: Map<string, PartyLook>;
  onRename: (name: string) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.trim()) {
      setError('Type a name, for example your first name.');
      return;
    }
    onRename(draft);
    setOpen(false);
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-line bg-white p-4">
      <h2 id={`${id}-heading`} className="text-sm font-semibold tracking-wide text-muted uppercase">
        You
      </h2>
      <p className="mt-2 font-medium" data-testid="my-name">
        {name}
      </p>
      <p className="text-sm text-muted">{roleLine(claims, looks)}</p>
      <Button
        size="sm"
        variant="secondary"
        className="mt-3"
        onClick={() => {
          setDraft(name);
          setError(undefined);
          setOpen(true);
        }}
      >
        Change my name
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Change your name" description="Everyone on the board sees it.">
        <form onSubmit={submit} noValidate>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            Your name
          </label>
          <TextInput
            id={`${id}-name`}
            className="mt-1"
            value={draft}
            maxLength={LIMITS.displayName}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            autoComplete="name"
          />
          <FieldError id={`${id}-error`} message={error} />
          <div className="mt-4 flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary">
              Save
            </Button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
