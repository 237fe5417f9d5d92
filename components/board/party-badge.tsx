import type { Party } from '@/lib/board/schema';
import { cn } from '@/components/ui/cn';

export type PartyLook = { readonly id: string; readonly name: string; readonly color: string; readonly letter: string };

/**
 * Each party is shown by colour AND letter, never colour alone. The letter is
 * the first letter of its name, or its position when two names share one.
 */
export function partyLooks(parties: readonly Party[]): Map<string, PartyLook> {
  const initials = parties.map((p) => (p.name.trim()[0] ?? '?').toLocaleUpperCase());
  const looks = new Map<string, PartyLook>();
  parties.forEach((party, index) => {
    const initial = initials[index]!;
    const unique = initials.filter((l) => l === initial).length === 1;
    looks.set(party.id, { id: party.id, name: party.name, color: party.color, letter: unique ? initial : String(index + 1) });
  });
  return looks;
}

/** A small outlined badge: party colour as the ring, dark text inside (keeps AA contrast). */
export function PartyBadge({ look, className }: { look: PartyLook; className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        'inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full border-[3px] bg-white text-xs font-bold text-ink',
        className,
      )}
      style={{ borderColor: look.color }}
    >
      {look.letter}
    </span>
  );
}
