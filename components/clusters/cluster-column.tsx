'use client';

import { Check, Combine, Pencil, Ungroup, X, type LucideIcon } from 'lucide-react';
import { memo, useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import { own } from '@/lib/board/dict';
import { useAllOptionTags, useAuthorship, useClusterOptionIds } from '@/lib/board/hooks';
import { LIMITS, type Cluster } from '@/lib/board/schema';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { TextInput } from '@/components/ui/field';
import { useAnnounce } from '@/components/ui/announcer';
import { useUndoToast } from '@/components/ui/undo-toast';
import { useBoard } from '@/components/board/board-context';
import { useRecordActivity } from '@/components/presence/activity';
import { ActivityBadge } from '@/components/presence/activity-badge';
import { ClusterOption } from './cluster-option';
import { useZoneRef } from './drag-state';
import { columnDropId } from './option-binding';

/**
 * One cluster (or "Not grouped"): its name, actions, and its options in
 * order. Subscribes to its own option ids only, so a move elsewhere does not
 * re-render it; a drag does not either (its @dnd-kit wiring is ColumnDrag,
 * under the DndContext, which shows "over" as data-over on the column). Reads
 * tags and authorship once for its cards (a card whose own values kept their
 * identity skips rendering).
 */
export const ClusterColumn = memo(function ClusterColumn({
  cluster,
  editable,
  canMerge,
  startRenaming,
  onRenamed,
  onMerge,
  onMergeDuplicate,
  onMoveTo,
}: {
  /** null for "Not grouped" */
  cluster: Cluster | null;
  editable: boolean;
  /** another cluster exists to merge into */
  canMerge: boolean;
  /** open the name field at once (a cluster just created) */
  startRenaming: boolean;
  onRenamed: () => void;
  onMerge: (clusterId: string) => void;
  onMergeDuplicate: (optionId: string) => void;
  onMoveTo: (optionId: string) => void;
}) {
  const clusterId = cluster?.id ?? '';
  const { store } = useBoard();
  const ids = useClusterOptionIds(store, clusterId);
  const allTags = useAllOptionTags(store);
  const authorship = useAuthorship(store);
  const zoneRef = useZoneRef(columnDropId(clusterId));
  const name = cluster ? cluster.name || 'Untitled cluster' : 'Not grouped';
  const headingId = useId();

  return (
    <section
      ref={zoneRef}
      aria-labelledby={headingId}
      data-testid="cluster-column"
      data-cluster-id={clusterId}
      data-cluster-name={name}
      className={cn(
        'flex min-w-0 flex-col rounded-lg border p-2',
        cluster ? 'border-line bg-white/70' : 'border-dashed border-line bg-paper',
        'data-[over]:border-accent data-[over]:ring-2 data-[over]:ring-accent/30',
      )}
    >
      {cluster ? (
        <ClusterHeader
          cluster={cluster}
          headingId={headingId}
          count={ids.length}
          editable={editable}
          canMerge={canMerge}
          startRenaming={startRenaming}
          onRenamed={onRenamed}
          onMerge={onMerge}
        />
      ) : (
        <h3 id={headingId} className="flex items-baseline gap-2 px-1 pb-2 font-semibold">
          Not grouped <span className="text-sm font-normal text-muted">{ids.length}</span>
        </h3>
      )}
      <ul aria-labelledby={headingId} className="flex min-h-16 flex-1 flex-col gap-2" data-testid="cluster-options">
        {ids.map((id) => (
          <ClusterOption
            key={id}
            id={id}
            editable={editable}
            onMergeDuplicate={onMergeDuplicate}
            onMoveTo={onMoveTo}
            tags={allTags.get(id)}
            author={own(authorship, id)}
          />
        ))}
        {ids.length === 0 ? (
          <li className="rounded-md border border-dashed border-line p-3 text-center text-sm text-muted" data-testid="cluster-empty">
            {cluster ? 'Drop options here' : 'Every option is in a cluster'}
          </li>
        ) : null}
      </ul>
    </section>
  );
});

function ClusterHeader({
  cluster,
  headingId,
  count,
  editable,
  canMerge,
  startRenaming,
  onRenamed,
  onMerge,
}: {
  cluster: Cluster;
  headingId: string;
  count: number;
  editable: boolean;
  canMerge: boolean;
  startRenaming: boolean;
  onRenamed: () => void;
  onMerge: (clusterId: string) => void;
}) {
  const { session, actions, looks } = useBoard();
  const announce = useAnnounce();
  const showUndo = useUndoToast();
  const activity = useRecordActivity(session, cluster.id);
  const [draft, setDraft] = useState<string | null>(startRenaming ? cluster.name : null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const inputId = useId();
  const name = cluster.name || 'Untitled cluster';

  const renaming = draft !== null;
  useEffect(() => {
    if (!renaming) return;
    session.setEditing(cluster.id);
    return () => session.setEditing(null);
  }, [renaming, cluster.id, session]);

  function close() {
    setDraft(null);
    onRenamed();
    requestAnimationFrame(() => renameButton.current?.focus());
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (draft !== null && draft.trim() && draft.trim() !== cluster.name) {
      actions.renameCluster(cluster.id, draft);
      announce(`Cluster renamed: ${draft.trim()}`);
    }
    close();
  }

  if (draft !== null) {
    return (
      <form onSubmit={save} className="flex items-center gap-1 pb-2" aria-label={`Rename cluster: ${name}`}>
        <h3 id={headingId} className="sr-only">
          {name}
        </h3>
        <label htmlFor={inputId} className="sr-only">
          Cluster name
        </label>
        <TextInput
          id={inputId}
          value={draft}
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
          maxLength={LIMITS.clusterName}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
          className="py-1"
          autoComplete="off"
        />
        <Button type="submit" size="icon" variant="ghost" className="h-8 w-8" aria-label="Save the name">
          <Check aria-hidden size={16} />
        </Button>
        <Button size="icon" variant="ghost" className="h-8 w-8" aria-label="Cancel renaming" onClick={close}>
          <X aria-hidden size={16} />
        </Button>
      </form>
    );
  }

  return (
    <div className="flex flex-col gap-1 px-1 pb-2">
      <div className="flex items-start gap-1">
        <h3 id={headingId} className="min-w-0 flex-1 font-semibold break-words" data-testid="cluster-name">
          {name} <span className="text-sm font-normal text-muted">{count}</span>
        </h3>
        {editable ? (
          <div className="flex shrink-0">
            <HeaderAction ref={renameButton} icon={Pencil} label={`Rename cluster: ${name}`} onClick={() => setDraft(cluster.name)} />
            {canMerge ? <HeaderAction icon={Combine} label={`Merge cluster: ${name}`} onClick={() => onMerge(cluster.id)} /> : null}
            <HeaderAction
              icon={Ungroup}
              label={`Ungroup cluster: ${name}`}
              onClick={() => {
                actions.ungroupCluster(cluster.id);
                showUndo(`Cluster ungrouped: ${name}`);
              }}
            />
          </div>
        ) : null}
      </div>
      <ActivityBadge activity={activity} looks={looks} />
    </div>
  );
}

/** A column header's icon button (rename, merge, ungroup). */
function HeaderAction({ icon: Icon, label, onClick, ref }: { icon: LucideIcon; label: string; onClick: () => void; ref?: Ref<HTMLButtonElement> }) {
  return (
    <Button ref={ref} size="icon" variant="ghost" className="h-8 w-8" aria-label={label} onClick={onClick}>
      <Icon aria-hidden size={15} />
    </Button>
  );
}
