'use client';
/**
 * Hands the page's Content-Security-Policy nonce (proxy.ts) to the libraries
 * that insert style elements at run time: Radix Dialog's scroll lock writes
 * its rules through react-style-singleton, which takes the nonce from
 * get-nonce. With it, the policy can refuse every style element without the
 * nonce (an injected `<style>` could restyle the page or read attributes
 * through selectors) and still let dialogs lock the page's scroll.
 *
 * Set during render, before any dialog can open: it is a module-level value,
 * the same on every render of the page. Our own run-time rules (the card
 * icons, mask-icons.tsx) use a constructed style sheet and need no nonce.
 */
import { setNonce } from 'get-nonce';

export function StyleNonce({ nonce }: { nonce: string | null }) {
  // In the browser only: on the server the module is shared by every request.
  if (nonce && typeof window !== 'undefined') setNonce(nonce);
  return null;
}
