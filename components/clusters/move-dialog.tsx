'use client';

import { useClusters, useOption } from '@/lib/board/hooks';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from '@/components/board/board-context';

/** Put focus back on the moved card's "Move to…" button once the card is in its new column. */
function focusMovedCard(optionId: string) {
  requestAnimationFrame(() => {
    const button = document.querySelector<HTMLElement>(
      `[data-testid="cluster-option"][data-option-id="${CSS.escape(optionId)}"] [data-testid="move-to-button"]`,
    );
    button?.focus();
  });
}

/**
 * "Move to…": the same moves as dragging (into any cluster, out of every
 * cluster, into a new cluster), as a list of buttons, for whoever does not
 * drag. The option goes to the end of the cluster chosen.
 */
export function MoveOptionDialog({
  optionId,
  onClose,
  onNewCluster,
}: {
  optionId: string;
  onClose: () => void;
  /** a cluster was created for the option: name it in place */
  onNewCluster: (clusterId: string) => void;
}) {
  const { store, actions } = useBoard();
  const announce = useAnnounce();
  const option = useOption(store, optionId);
  const clusters = useClusters(store);
  if (!option) return null;
  const title = option.title || 'Untitled option';
  const destinations = [
    ...clusters.map((c) => ({ id: c.id, label: c.name || 'Untitled cluster', spoken: `cluster “${c.name || 'Untitled cluster'}”` })),
    { id: '', label: 'Not grouped', spoken: '“Not grouped”' },
  ];

  function moveTo(clusterId: string, spoken: string) {
    onClose();
    if (actions.moveOption(optionId, { clusterId, beforeId: null })) {
      announce(`Option “${title}” moved to ${spoken}.`);
      focusMovedCard(optionId);
    }
  }

  function moveToNewCluster() {
    onClose();
    const id = actions.createCluster(`Cluster ${clusters.length + 1}`, [optionId]);
    if (id) {
      onNewCluster(id);
      announce(`Option “${title}” moved to a new cluster. Type its name.`);
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Move “${title}” to…`} description="It goes to the end of the cluster you choose.">
      <ul className="max-h-[50vh] space-y-1.5 overflow-y-auto" data-testid="move-option-dialog">
        {destinations.map((d) => {
          const here = d.id === option.clusterId;
          return (
            <li key={d.id || 'not-grouped'}>
              <Button className="w-full justify-start" disabled={here} onClick={() => moveTo(d.id, d.spoken)}>
                {d.label}
                {here ? <span className="ml-auto text-xs font-normal text-muted">(here now)</span> : null}
              </Button>
            </li>
          );
        })}
        <li>
          <Button className="w-full justify-start" onClick={moveToNewCluster}>
            New cluster
          </Button>
        </li>
      </ul>
    </Dialog>
  );
}
