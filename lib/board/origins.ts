/**
 * Typed transaction origins. Undo tracks only LOCAL_ORIGIN, so it never
 * removes another person's work; the server tags its own writes SERVER_ORIGIN.
 */
export type TransactionOrigin =
  | { readonly source: 'local' }
  | { readonly source: 'server'; readonly reason: string }
  | { readonly source: 'migration' };

export const LOCAL_ORIGIN: TransactionOrigin = Object.freeze({ source: 'local' });
export const MIGRATION_ORIGIN: TransactionOrigin = Object.freeze({ source: 'migration' });

export function serverOrigin(reason: string): TransactionOrigin {
  return Object.freeze({ source: 'server', reason });
}

export function isTransactionOrigin(value: unknown): value is TransactionOrigin {
  return typeof value === 'object' && value !== null && 'source' in value;
}
