'use client';

import { Tag, Target } from 'lucide-react';

/**
 * The option card's own action icons, drawn once and referenced by every card.
 *
 * A board shows up to a thousand cards at once, all rendered on load (the
 * list is not virtualised). A lucide icon per card is a component render plus
 * an <svg> with its paths and a dozen attributes each; with the sprite a card
 * draws an <svg><use/></svg> instead — a third of the SVG elements and no
 * icon component. The icons stay decorative (aria-hidden): the buttons carry
 * the labels.
 */
const ICONS = { tag: Tag, target: Target } as const;
export type CardIconName = keyof typeof ICONS;

const symbolId = (name: CardIconName) => `option-card-icon-${name}`;

/** Render once, before the cards: the symbols every CardIcon points at. */
export function CardIconSprite() {
  return (
    <svg aria-hidden width="0" height="0" className="absolute h-0 w-0 overflow-hidden" data-testid="option-card-icons">
      {(Object.keys(ICONS) as CardIconName[]).map((name) => {
        const Icon = ICONS[name];
        return (
          <symbol key={name} id={symbolId(name)} viewBox="0 0 24 24">
            <Icon />
          </symbol>
        );
      })}
    </svg>
  );
}

/** One of the sprite's icons, `size` px square, in the text colour. */
export function CardIcon({ name, size }: { name: CardIconName; size: number }) {
  return (
    <svg aria-hidden width={size} height={size} className="shrink-0">
      <use href={`#${symbolId(name)}`} />
    </svg>
  );
}
