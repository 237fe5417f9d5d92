/**
 * Where a drag is over, for the Cluster view, where only the cards of the
 * columns a drag concerns are registered with @dnd-kit (drag-state.ts).
 *
 * - The column (or "new cluster") under the pointer (for the keyboard: under
 *   the middle of the moved card), then the nearest of that column's cards
 *   once they are registered. With closest corners over everything, a tall
 *   column would lose to a card of the column next to it.
 * - Below a column's last card is the end of that column.
 * - Keyboard: left and right go to the end of the next column, never to a
 *   card of the column the option is over already; up and down move between
 *   cards as @dnd-kit's sortable keyboard does.
 */
import {
  closestCorners,
  pointerWithin,
  type CollisionDetection,
  type DroppableContainer,
  type DroppableContainers,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { NEW_CLUSTER, clusterOf } from './option-binding';

const isZone = (c: DroppableContainer) => c.id === NEW_CLUSTER || (c.data.current as { type?: string } | undefined)?.type === 'cluster';
const isCard = (c: DroppableContainer) => (c.data.current as { type?: string } | undefined)?.type === 'option';

export const clusterCollisions: CollisionDetection = (args) => {
  // The keyboard has no pointer: the middle of where the card is now stands for it.
  const { collisionRect: rect } = args;
  const point = args.pointerCoordinates ?? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  const zone = pointerWithin({ ...args, pointerCoordinates: point, droppableContainers: args.droppableContainers.filter(isZone) })[0];
  if (!zone) return closestCorners(args);
  const container = args.droppableContainers.find((c) => c.id === zone.id);
  const clusterId = container ? clusterOf(container.data.current) : null;
  if (clusterId === null) return [zone];
  const cards = args.droppableContainers.filter((c) => isCard(c) && clusterOf(c.data.current) === clusterId);
  // Below the last card is the end of the column.
  const bottom = Math.max(...cards.map((c) => args.droppableRects.get(c.id)?.bottom ?? -Infinity));
  return cards.length > 0 && point.y <= bottom ? closestCorners({ ...args, droppableContainers: cards }) : [zone];
};

const SIDEWAYS = new Set(['ArrowLeft', 'ArrowRight']);

export const clusterKeyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const { context } = args;
  if (!SIDEWAYS.has(event.code) || !context.active) return sortableKeyboardCoordinates(event, args);
  const current = clusterOf(context.over?.data.current) ?? clusterOf(context.active.data.current);
  const all = context.droppableContainers;
  const elsewhere = all.getEnabled().filter((c) => clusterOf(c.data.current) !== current);
  // Only the candidates change; lookups by id still see every container.
  const narrowed = { getEnabled: () => elsewhere, get: (id: string) => all.get(id) } as unknown as DroppableContainers;
  const next = sortableKeyboardCoordinates(event, { ...args, context: { ...context, droppableContainers: narrowed } });
  // Onto another column: to its end, where a drop on the column puts the option (not its top, over its first card).
  const rect = next && context.collisionRect ? zoneAt(context, next) : undefined;
  if (!next || !rect || !context.collisionRect) return next;
  return { x: rect.left, y: rect.bottom - 2 - context.collisionRect.height / 2 };
};

function zoneAt(context: Parameters<KeyboardCoordinateGetter>[1]['context'], at: { x: number; y: number }) {
  for (const c of context.droppableContainers.getEnabled()) {
    const rect = context.droppableRects.get(c.id);
    if (isZone(c) && c.id !== NEW_CLUSTER && rect && rect.left === at.x && rect.top === at.y) return rect;
  }
  return undefined;
}
