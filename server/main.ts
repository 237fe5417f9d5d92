/**
 * `npm start` / `npm run dev`: the sync server, the API and (unless
 * `--no-next`) the Next.js app on one port.
 *   --dev      Next.js in development mode (HMR over the fallback upgrade)
 *   --no-next  API and sync only
 */
import { createCommonGroundServer, type ServerOptions } from './app';
import { loadConfig } from './config';
import { createLogger } from './log';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let nextHandler: ServerOptions['nextHandler'];
  let nextUpgradeHandler: ServerOptions['nextUpgradeHandler'];
  if (!process.argv.includes('--no-next')) {
    const { default: next } = await import('next');
    const app = next({ dev: process.argv.includes('--dev'), dir: process.cwd() });
    await app.prepare();
    const handle = app.getRequestHandler();
    nextHandler = (req, res) => handle(req, res);
    const upgrade = app.getUpgradeHandler();
    nextUpgradeHandler = (req, socket, head) => void upgrade(req, socket, head);
  }
  const server = createCommonGroundServer({ config, logger, nextHandler, nextUpgradeHandler });
  const { port } = await server.listen(config.port, config.host);
  logger.info({ url: config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}` }, 'Common Ground is listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
