// @ts-check
/**
 * Next.js serves only pages here; the HTTP API and the sync websocket are
 * served by our own server (server/), which mounts Next's request handler.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  // NEXT_DIST_DIR lets several builds live side by side (e.g. parallel e2e runs); default .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `npm run typecheck` checks the whole repository (server and tests included);
  // the build need not repeat it, and must not fail on a test file's types.
  typescript: { ignoreBuildErrors: true },
  // The board is confidential: never leak its URL (and so its token) to other sites.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
    ];
  },
};

export default nextConfig;
