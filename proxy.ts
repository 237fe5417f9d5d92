/**
 * Next.js Proxy (the Next 16 name for middleware): a Content-Security-Policy
 * with a fresh nonce on every page (attack 16, content injection).
 *
 * Scripts run only from our origin with this request's nonce ('strict-dynamic'
 * lets those load the chunks they import); an injected inline script or
 * `onerror=` handler has no nonce and does not run. Next.js reads the nonce
 * from the request's CSP header and puts it on its own scripts, which is why
 * pages are rendered per request (app/layout.tsx awaits `connection()`).
 * Style elements need the nonce too (or come from our origin, as the CSS
 * files do): an injected `<style>` could restyle the page to mislead, or read
 * attribute values through selectors and `url()`. The one library that
 * inserts style elements (Radix Dialog's scroll lock) gets the nonce from
 * components/ui/style-nonce.tsx. Style attributes stay allowed
 * (`style-src-attr`): React writes them (party colours, drag transforms) and
 * an attribute has no selectors. The page may not be framed (clickjacking),
 * may load no plugins, and its base URL cannot be moved. Referrer-Policy:
 * no-referrer comes from next.config.js.
 */
import { NextResponse, type NextRequest } from 'next/server';

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // React in development evaluates code for its error overlays; never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Development: Next.js injects its CSS as style elements without a nonce.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    // The sync websocket is same-origin (/sync); 'self' covers ws: and wss: there.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function proxy(request: NextRequest): NextResponse {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const nonce = btoa(String.fromCharCode(...bytes));
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');

  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not static assets, not our own API or sync paths, not prefetches.
      source: '/((?!api/|sync/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
