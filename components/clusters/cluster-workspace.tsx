'use client';

import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type Over,
} from '@dnd-kit/core';
import { FolderPlus } from 'lucide-react';
import { useCallback, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useClusters } from '@/lib/board/hooks';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from '@/components/board/board-context';
import { ClusterColumn } from './cluster-column';
import { OptionPreview } from './cluster-option';
import { clusterCollisions, clusterKeyboardCoordinates } from './collisions';
import { ClusterDrag, ClusterDragProvider, useDragSelector, useZoneRef, type DragState } from './drag-state';
import { MergeClusterDialog, MergeDuplicateDialog } from './merge-dialogs';
import { MoveOptionDialog } from './move-dialog';
import { ColumnDrag, NEW_CLUSTER, ZoneTarget, clusterOf, type ColumnDropData, type OptionDragData } from './option-binding';

const reducedMotionQuery = '(prefers-reduced-motion: reduce)';
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(reducedMotionQuery);
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
    () => window.matchMedia(reducedMotionQuery).matches,
    () => false,
  );
}

type Place = { clusterId: string; beforeId: string | null } | { newCluster: true } | null;

/**
 * Cluster: drag options into named clusters and between them, reorder within
 * a cluster, drop on "New cluster" to create one. Mouse, touch (long press)
 * and keyboard (grip handle, Space, arrows, Space) all work, with
 * announcements that name the option and the cluster. The document changes
 * only on drop (one moveOption); while dragging, others see "… is moving
 * this" through presence. "Move to…" on each card does the same without a drag.
 *
 * A drag re-renders only what it concerns: the drag state lives in a
 * ClusterDrag store, not here, and only the columns a drag is from or over
 * hold @dnd-kit sortables (drag-state.ts).
 */
export function ClusterWorkspace() {
  const { store, session, actions, editable } = useBoard();
  const clusters = useClusters(store);
  /** "Not grouped" (null) first, then every cluster */
  const columns = useMemo(() => [null, ...clusters], [clusters]);
  const announce = useAnnounce();
  const reducedMotion = usePrefersReducedMotion();
  const [drag] = useState(() => new ClusterDrag());
  const dndId = useId();
  const dragValue = useMemo(() => ({ drag, describedBy: `${dndId}instructions` }), [drag, dndId]);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [merging, setMerging] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: clusterKeyboardCoordinates }),
  );

  // Names for announcements, read at the moment they are spoken.
  const clustersRef = useRef(clusters);
  clustersRef.current = clusters;
  const clusterName = useCallback(
    (clusterId: string) =>
      clusterId ? `cluster “${clustersRef.current.find((c) => c.id === clusterId)?.name || 'Untitled cluster'}”` : '“Not grouped”',
    [],
  );
  const titleOf = useCallback((id: unknown) => `“${store.getOption(String(id))?.title || 'Untitled option'}”`, [store]);

  /** Where a drop over `over` puts `activeId` (null: nowhere, or where it already is). */
  const placeFor = useCallback(
    (optionId: string, over: Over | null): Place => {
      if (!over) return null;
      if (over.id === NEW_CLUSTER) return { newCluster: true };
      const data = over.data.current as OptionDragData | ColumnDropData | undefined;
      if (!data) return null;
      if (data.type === 'cluster') return { clusterId: data.clusterId, beforeId: null };
      const overId = String(over.id);
      if (overId === optionId) return null;
      const siblings = store.getClusterOptionIds(data.clusterId);
      const from = siblings.indexOf(optionId);
      const to = siblings.indexOf(overId);
      // Within a column, moving down lands after the card it is over (as the list shows it).
      if (from !== -1 && from < to) return { clusterId: data.clusterId, beforeId: siblings[to + 1] ?? null };
      return { clusterId: data.clusterId, beforeId: overId };
    },
    [store],
  );

  const describePlace = useCallback(
    (optionId: string, place: Place): string => {
      if (!place) return '';
      if ('newCluster' in place) return 'a new cluster';
      const siblings = store.getClusterOptionIds(place.clusterId).filter((id) => id !== optionId);
      const index = place.beforeId ? siblings.indexOf(place.beforeId) : siblings.length;
      return `${clusterName(place.clusterId)}, position ${index + 1} of ${siblings.length + 1}`;
    },
    [store, clusterName],
  );

  // The first "over" of a drag is the card itself: stay quiet, so "Picked up …" is heard.
  const lastOver = useRef<string | null>(null);
  const announcements = useMemo<Announcements>(
    () => ({
      onDragStart: ({ active }) => {
        lastOver.current = String(active.id);
        const data = active.data.current as OptionDragData | undefined;
        return `Picked up option ${titleOf(active.id)} from ${clusterName(data?.clusterId ?? '')}.`;
      },
      onDragOver: ({ active, over }) => {
        const overId = over ? String(over.id) : null;
        if (overId === lastOver.current) return undefined;
        lastOver.current = overId;
        const place = placeFor(String(active.id), over);
        if (!over) return `Option ${titleOf(active.id)} is no longer over a cluster.`;
        if (!place) return `Option ${titleOf(active.id)} is back where it was.`;
        if ('newCluster' in place) return `Option ${titleOf(active.id)} is over “New cluster”. Drop to create a cluster with it.`;
        return `Option ${titleOf(active.id)} is over ${describePlace(String(active.id), place)}.`;
      },
      onDragEnd: ({ active, over }) => {
        const place = placeFor(String(active.id), over);
        if (!place) return `Option ${titleOf(active.id)} was dropped where it was.`;
        return `Option ${titleOf(active.id)} was dropped into ${describePlace(String(active.id), place)}.`;
      },
      onDragCancel: ({ active }) => {
        const data = active.data.current as OptionDragData | undefined;
        return `Moving cancelled. Option ${titleOf(active.id)} stays in ${clusterName(data?.clusterId ?? '')}.`;
      },
    }),
    [titleOf, clusterName, placeFor, describePlace],
  );

  const screenReaderInstructions = useMemo(
    () => ({
      draggable:
        'To move this option, press Space or Enter. Then use the arrow keys: up and down within a cluster, left and right to another cluster or to “New cluster”. Press Space or Enter to drop it, or Escape to cancel.',
    }),
    [],
  );

  function onDragStart({ active }: DragStartEvent) {
    drag.start(String(active.id), clusterOf(active.data.current) ?? '');
    session.setDragging(String(active.id));
  }

  function onDragOver({ over }: DragOverEvent) {
    drag.over(over ? clusterOf(over.data.current) : null);
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    const optionId = String(active.id);
    drag.end();
    session.setDragging(null);
    const place = placeFor(optionId, over);
    if (!place) return;
    if ('newCluster' in place) {
      const id = actions.createCluster(`Cluster ${clustersRef.current.length + 1}`, [optionId]);
      if (id) setRenamingId(id);
      return;
    }
    actions.moveOption(optionId, place);
  }

  function onDragCancel() {
    drag.end();
    session.setDragging(null);
  }

  function newEmptyCluster() {
    const id = actions.createCluster(`Cluster ${clusters.length + 1}`);
    if (id) {
      setRenamingId(id);
      announce('Cluster created. Type its name.');
    }
  }

  const onRenamed = useCallback(() => setRenamingId(null), []);
  const onMerge = useCallback((id: string) => setMerging(id), []);
  const onMergeDuplicate = useCallback((id: string) => setDuplicate(id), []);
  const onMoveTo = useCallback((id: string) => setMoving(id), []);
  const onMovedToNewCluster = useCallback((id: string) => setRenamingId(id), []);

  return (
    <section aria-labelledby="clusters-heading" className="space-y-4" data-testid="cluster-workspace">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="clusters-heading" tabIndex={-1} className="text-lg font-semibold">
            Clusters
          </h2>
          <p className="text-sm text-muted">
            Group similar options and merge duplicates. Drag a card, or focus its grip and use Space and the arrow keys, or use its “Move to…” button.
          </p>
        </div>
        {editable ? (
          <Button onClick={newEmptyCluster} data-testid="new-cluster-button">
            <FolderPlus aria-hidden size={16} /> New cluster
          </Button>
        ) : null}
      </div>
      <ClusterDragProvider value={dragValue}>
        {/* The board is not inside the DndContext: see drag-state.ts. */}
        <div className="grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" data-testid="cluster-board">
          {columns.map((cluster) => (
            <ClusterColumn
              key={cluster?.id ?? ''}
              cluster={cluster}
              editable={editable}
              canMerge={cluster !== null && clusters.length > 1}
              startRenaming={cluster !== null && renamingId === cluster.id}
              onRenamed={onRenamed}
              onMerge={onMerge}
              onMergeDuplicate={onMergeDuplicate}
              onMoveTo={onMoveTo}
            />
          ))}
          {editable ? <NewClusterDrop /> : null}
        </div>
        <DndContext
          id={dragValue.describedBy}
          sensors={sensors}
          collisionDetection={clusterCollisions}
          onDragStart={onDragStart}
          onDragOver={onDragOver}
          onDragEnd={onDragEnd}
          onDragCancel={onDragCancel}
          accessibility={{ announcements, screenReaderInstructions }}
        >
          {columns.map((cluster) => (
            <ColumnDrag key={cluster?.id ?? ''} clusterId={cluster?.id ?? ''} editable={editable} />
          ))}
          {editable ? <ZoneTarget id={NEW_CLUSTER} /> : null}
          <DragOverlay dropAnimation={reducedMotion ? null : undefined}>
            <DragPreview />
          </DragOverlay>
        </DndContext>
      </ClusterDragProvider>
      {merging ? <MergeClusterDialog sourceId={merging} onClose={() => setMerging(null)} /> : null}
      {duplicate ? <MergeDuplicateDialog duplicateId={duplicate} onClose={() => setDuplicate(null)} /> : null}
      {moving ? <MoveOptionDialog optionId={moving} onClose={() => setMoving(null)} onNewCluster={onMovedToNewCluster} /> : null}
    </section>
  );
}

/** The card being dragged, then the one just dropped (the overlay animates to it). */
const shownInOverlay = (state: DragState) => state.activeId ?? state.armed;

function DragPreview() {
  const id = useDragSelector(shownInOverlay);
  return id ? <OptionPreview id={id} /> : null;
}

/** Where a drop starts a new cluster; its @dnd-kit side is a ZoneTarget (data-over, data-dragging). */
function NewClusterDrop() {
  return (
    <div
      ref={useZoneRef(NEW_CLUSTER)}
      data-testid="new-cluster-drop"
      className={cn(
        'flex min-h-24 items-center justify-center rounded-lg border-2 border-dashed border-line p-4 text-center text-sm text-muted',
        'data-[dragging]:not-data-[over]:border-accent/50 data-[over]:border-accent data-[over]:bg-accent/5 data-[over]:text-ink',
      )}
    >
      <span className="flex items-center gap-2">
        <FolderPlus aria-hidden size={16} /> Drop here to start a new cluster
      </span>
    </div>
  );
}
