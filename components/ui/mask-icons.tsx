'use client';

import { Copy, FolderInput, GripVertical, Pencil, Tag, Target, Trash2 } from 'lucide-react';
import { memo, useLayoutEffect, useRef } from 'react';

/**
 * The icons a board repeats on every card, as CSS masks: an icon is one empty
 * <span class="icon icon-NAME">, painted in the text colour through the
 * icon's shape.
 *
 * A board shows up to a thousand cards at once, all rendered on load (the
 * lists are not virtualised). Measured on 1,000 cards of 4 icons (headless
 * Chromium, content-visibility on the cards): lucide's inline SVGs add ~50 ms
 * of parsing, style and layout plus two component renders and 3–7 elements
 * per icon; an SVG sprite (<svg><use/></svg>) adds ~100 ms, since every <use>
 * clones its symbol into a shadow tree, off-screen cards included; a mask adds
 * nothing measurable. The icons stay decorative (aria-hidden): the buttons
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
export type MaskIconName = keyof typeof ICONS;

/**
 * Rendered once by the board (BoardView): draws each lucide icon once, hidden,
 * and turns its markup into the `.icon-NAME` mask rules before the first paint
 * (the shapes come from lucide itself, not from a copy of its paths).
 * The rules go into a constructed style sheet adopted by the document, not a
 * <style> element: the page's Content-Security-Policy admits style elements
 * only with its nonce (proxy.ts), and a sheet built through the CSSOM is not
 * one. Memoised: it never changes.
 */
export const MaskIconStyles = memo(function MaskIconStyles() {
  const drawn = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const css: string[] = [];
    for (const svg of drawn.current?.querySelectorAll<SVGSVGElement>('svg[data-icon]') ?? []) {
      css.push(`.icon-${svg.dataset.icon}{--icon:url("data:image/svg+xml,${encodeURIComponent(svg.outerHTML)}")}`);
    }
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css.join('\n'));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    };
  }, []);
  return (
    <>
      <div ref={drawn} hidden>
        {(Object.keys(ICONS) as MaskIconName[]).map((name) => {
          const Icon = ICONS[name];
          return <Icon key={name} data-icon={name} />;
        })}
      </div>
    </>
  );
});

/** Size classes (Tailwind needs the literal names). */
const SIZES = { 11: 'size-[11px]', 12: 'size-3', 14: 'size-3.5', 15: 'size-[15px]', 16: 'size-4' } as const;

/**
 * One of the board's card icons, `size` px square, in the text colour; needs
 * MaskIconStyles on the page. A plain element, not a component: a thousand
 * cards carry four each, and a component per icon is a fiber React renders.
 * @example <Button aria-label="Edit …">{maskIcon('pencil', 16)}</Button>
 */
export function maskIcon(name: MaskIconName, size: keyof typeof SIZES, className = '') {
  return <span aria-hidden className={`icon icon-${name} ${SIZES[size]} ${className}`} />;
}
