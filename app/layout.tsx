import '@fontsource-variable/inter';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { StyleNonce } from '@/components/ui/style-nonce';

export const metadata: Metadata = {
  title: { default: 'Common Ground', template: '%s · Common Ground' },
  description: 'A real-time board on which the sides of a negotiation find options that work for both.',
  // Boards are confidential: keep them out of search engines.
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request: the Content-Security-Policy nonce (proxy.ts) is new on every page view.
  await connection();
  const nonce = (await headers()).get('x-nonce');
  return (
    <html lang="en">
      <body className="min-h-dvh antialiased">
        <StyleNonce nonce={nonce} />
        {children}
      </body>
    </html>
  );
}
