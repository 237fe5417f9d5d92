'use client';

import dynamic from 'next/dynamic';
import { Suspense, useEffect, useState } from 'react';
import { LoadBoundary, whenIdle } from './lazy';
import type { DialogProps } from './modal-dialog';

export type { DialogProps };

const loadModalDialog = () => import('./modal-dialog').then((m) => m.ModalDialog);

// Radix (focus trap, scroll lock, portal) is a chunk of its own, out of the
// board's first load; it is fetched once the page is idle, or at the first open.
const ModalDialog = dynamic(loadModalDialog);
let prefetching = false;

/**
 * An accessible modal dialog (see modal-dialog.tsx). Until it first opens,
 * nothing is rendered; from then on it stays mounted, so closing returns
 * focus as Radix does. While its code loads, the backdrop it will have is
 * shown and the wait is announced.
 */
export function Dialog(props: DialogProps) {
  const [opened, setOpened] = useState(props.open);
  if (props.open && !opened) setOpened(true);
  useEffect(() => {
    // Once per page, not per dialog (a board can hold hundreds); not cancelled on unmount.
    if (prefetching) return;
    prefetching = true;
    whenIdle(() => void loadModalDialog().catch(() => (prefetching = false)));
  }, []);
  if (!opened) return null;
  return (
    <LoadBoundary what="This dialog" className="fixed inset-x-4 top-4 z-50 rounded-lg bg-white p-4 shadow-xl">
      <Suspense
        fallback={
          <div aria-busy="true" className="fixed inset-0 z-40 bg-ink/40" data-testid="dialog-loading">
            <p role="status" className="sr-only">
              Opening “{props.title}”…
            </p>
          </div>
        }
      >
        <ModalDialog {...props} />
      </Suspense>
    </LoadBoundary>
  );
}
