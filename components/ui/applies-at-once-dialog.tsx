'use client';

import type { ReactNode } from 'react';
import { Button } from './button';
import { cn } from './cn';
import { Dialog } from './dialog';

/**
 * A dialog in which every choice (a toggle, a tag, a link) takes effect as it
 * is made, for everyone: there is nothing to save, so it ends with one "Done"
 * that closes it. Escape and the close button do the same.
 */
export function AppliesAtOnceDialog({
  open,
  onOpenChange,
  title,
  description,
  testId,
  className,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  /** on the dialog's body, which holds the choices and Done */
  testId: string;
  /** for the body: spacing, or a height limit for a long list */
  className?: string;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <div className={cn('space-y-4', className)} data-testid={testId}>
        {children}
        <div className="flex justify-end">
          <Button variant="primary" onClick={() => onOpenChange(false)}>
            Done
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
