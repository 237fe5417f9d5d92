'use client';

import { useId, useState, type FormEvent } from 'react';
import type { Role } from '@/lib/board/access';
import { LIMITS } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { FieldError, TextInput } from '@/components/ui/field';

const ROLE_TEXT: Record<Role, string> = {
  facilitator: 'You are joining as the facilitator: you run the phases for everyone.',
  party: 'You are joining as a member of one side of the negotiation.',
  viewer: 'You are joining to view only: you will see the board live but cannot change it.',
};

/** First visit: ask for the name others will see. It is remembered in this browser. */
export function JoinForm({ role, onJoin }: { role: Role; onJoin: (name: string) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) {
      setError('Type the name the others will see, for example your first name.');
      return;
    }
    onJoin(name);
  }

  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <form
        onSubmit={submit}
        noValidate
        aria-labelledby={`${id}-heading`}
        data-testid="join-form"
        className="rounded-lg border border-line bg-white p-6"
      >
        <h1 id={`${id}-heading`} className="text-xl font-semibold">
          Join the board
        </h1>
        <p className="mt-1 text-sm text-muted">{ROLE_TEXT[role]}</p>
        <label htmlFor={`${id}-name`} className="mt-5 block text-sm font-medium">
          Your name
        </label>
        <TextInput
          id={`${id}-name`}
          className="mt-1"
          value={name}
          autoFocus
          autoComplete="name"
          maxLength={LIMITS.displayName}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        />
        <p id={`${id}-hint`} className="mt-1 text-sm text-muted">
          Shown to everyone on the board. This browser remembers it.
        </p>
        <FieldError id={`${id}-error`} message={error} />
        <Button type="submit" variant="primary" className="mt-5">
          Join the board
        </Button>
      </form>
    </main>
  );
}
