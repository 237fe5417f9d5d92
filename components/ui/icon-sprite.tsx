'use client';

import { Copy, FolderInput, GripVertical, Pencil, Tag, Target, Trash2 } from 'lucide-react';
import { memo } from 'react';

/**
 * The icons a board repeats on every card, drawn once and referenced by each.
 *
 * A board shows up to a thousand cards at once, all rendered on load (the
 * lists are not virtualised). A lucide icon per card is two component renders
 * plus an <svg> with its paths and a dozen attributes each; with the sprite a
 * card draws an <svg><use/></svg> instead — no icon component, a fraction of
 * the SVG elements. The icons stay decorative (aria-hidden): the buttons
 * carry the labels. Icons shown once on a page stay plain lucide components.
 */
const ICONS = {
  tag: Tag,
  target: Target,
  pencil: Pencil,
  trash: Trash2,
  grip: GripVertical,
  'folder-input': FolderInput,
  copy: Copy,
} as const;
export type SpriteIconName = keyof typeof ICONS;

const symbolId = (name: SpriteIconName) => `icon-sprite-${name}`;

/** Rendered once by the board (BoardView): the symbols every SpriteIcon points at. Memoised: it never changes. */
export const IconSprite = memo(function IconSprite() {
  return (
    <svg aria-hidden width="0" height="0" className="absolute h-0 w-0 overflow-hidden" data-testid="icon-sprite">
      {(Object.keys(ICONS) as SpriteIconName[]).map((name) => {
        const Icon = ICONS[name];
        return (
          <symbol key={name} id={symbolId(name)} viewBox="0 0 24 24">
            <Icon />
          </symbol>
        );
      })}
    </svg>
  );
});

/** One of the sprite's icons, `size` px square, in the text colour; needs an IconSprite on the page. */
export function SpriteIcon({ name, size, className = 'shrink-0' }: { name: SpriteIconName; size: number; className?: string }) {
  return (
    <svg aria-hidden width={size} height={size} className={className}>
      <use href={`#${symbolId(name)}`} />
    </svg>
  );
}
