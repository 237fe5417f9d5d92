'use client';

import { useId, useMemo, useState } from 'react';
import { useClusterOptionIds, useClusters, useOption, useOptionIds } from '@/lib/board/hooks';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { TextInput } from '@/components/ui/field';
import { useUndoToast } from '@/components/ui/undo-toast';
import { useBoard } from '@/components/board/board-context';

/** Merge one cluster into another: its options move to the end of the other, and it goes. */
export function MergeClusterDialog({ sourceId, onClose }: { sourceId: string; onClose: () => void }) {
  const { store, actions } = useBoard();
  const showUndo = useUndoToast();
  const clusters = useClusters(store);
  const source = clusters.find((c) => c.id === sourceId);
  const count = useClusterOptionIds(store, sourceId).length;
  if (!source) return null;
  const name = source.name || 'Untitled cluster';
  const targets = clusters.filter((c) => c.id !== sourceId);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Merge “${name}” into…`}
      description={`Its ${count} option${count === 1 ? '' : 's'} move to the end of the cluster you choose, and “${name}” goes.`}
    >
      <ul className="max-h-[50vh] space-y-1.5 overflow-y-auto" data-testid="merge-cluster-dialog">
        {targets.map((target) => (
          <li key={target.id}>
            <Button
              className="w-full justify-start"
              onClick={() => {
                actions.mergeClusters(sourceId, target.id);
                showUndo(`Merged “${name}” into “${target.name || 'Untitled cluster'}”`);
                onClose();
              }}
            >
              {target.name || 'Untitled cluster'}
            </Button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

const MAX_LISTED = 50;

/**
 * "This option duplicates …": pick the option to keep. The kept one gains the
 * duplicate's tags and served interests; the duplicate goes.
 */
export function MergeDuplicateDialog({ duplicateId, onClose }: { duplicateId: string; onClose: () => void }) {
  const { store, actions } = useBoard();
  const showUndo = useUndoToast();
  const id = useId();
  const duplicate = useOption(store, duplicateId);
  const ids = useOptionIds(store);
  const [query, setQuery] = useState('');
  const candidates = useMemo(() => {
    const sameCluster = duplicate ? new Set(store.getClusterOptionIds(duplicate.clusterId)) : new Set<string>();
    const needle = query.trim().toLowerCase();
    return ids
      .filter((other) => other !== duplicateId)
      .map((other) => store.getOption(other))
      .filter((o): o is NonNullable<typeof o> => o !== undefined && (!needle || o.title.toLowerCase().includes(needle)))
      .sort((a, b) => Number(sameCluster.has(b.id)) - Number(sameCluster.has(a.id)))
      .slice(0, MAX_LISTED);
  }, [ids, duplicateId, duplicate, query, store]);
  if (!duplicate) return null;
  const title = duplicate.title || 'Untitled option';
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Merge a duplicate"
      description={`Which option says the same as “${title}”? That one is kept, with this one’s tags and interests; “${title}” goes.`}
    >
      <div className="space-y-3" data-testid="merge-duplicate-dialog">
        <div>
          <label htmlFor={`${id}-q`} className="block text-sm font-medium">
            Find an option
          </label>
          <TextInput id={`${id}-q`} className="mt-1" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </div>
        <ul className="max-h-[45vh] space-y-1.5 overflow-y-auto">
          {candidates.map((option) => (
            <li key={option.id}>
              <Button
                className="h-auto min-h-10 w-full justify-start py-2 text-left whitespace-normal"
                aria-label={`Keep “${option.title}”, merge “${title}” into it`}
                onClick={() => {
                  actions.mergeDuplicateOptions(option.id, duplicateId);
                  showUndo(`Merged “${title}” into “${option.title}”`);
                  onClose();
                }}
              >
                {option.title || 'Untitled option'}
              </Button>
            </li>
          ))}
          {candidates.length === 0 ? <li className="text-sm text-muted">No other option matches.</li> : null}
        </ul>
      </div>
    </Dialog>
  );
}

