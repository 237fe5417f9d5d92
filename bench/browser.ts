/**
 * The board in a browser: the real product (scripts/start.mjs: the Next.js
 * production build + the compiled server on one port, as `npm start` runs
 * it: ./lib/product.ts),
 * headless Chromium through Playwright, a board of 1,000 options in 20
 * clusters with 10 participants' ratings built by Node y-websocket clients.
 *
 * Measured: navigation → synced and painted; which components re-render on a
 * remote edit and a remote rating; frame times while scrolling, during a
 * burst of remote edits, and while dragging (when the board has drag and
 * drop); the board route's first-load JavaScript, gzipped, from `.next`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { updateOption } from '@/lib/board/mutations';
import { setRating } from '@/lib/board/scoring';
import { newRecordId } from '@/lib/board/ids';
import { BENCH_DIR } from './lib/rpc';
import { median, sleep, summarize, waitFor, type Summary } from './lib/stats';
import { buildBoard, setPhase, type BoardInfo, type BuiltBoard } from './lib/browser-board';
import { firstLoadJs, startProduct, stopProduct, type FirstLoadJs } from './lib/product';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium';

export type LoadRun = {
  readyMs: number;
  detectMs: number;
  fcpMs: number;
  cards: number;
  wallMs: number;
  /** the last script the page fetched arrived (responseEnd), and the page opened its first WebSocket */
  scriptsMs?: number;
  socketMs?: number;
};
export type FrameStats = Summary & {
  frames: number;
  over16_7: number;
  dropped: number;
  longTasks: number;
  longTaskMs: number;
  /** the longest task, and when it started (ms after the measurement began) */
  longestTask: { atMs: number; ms: number } | null;
  durationMs: number;
};
export type RenderCount = {
  commits: number;
  /** per kind of option element (option-card, score-row …): how many options re-rendered, components inside them, a few ids */
  items: Record<string, { options: number; components: number; ids: string[] }>;
  /** distinct options with any re-rendered component */
  options: number;
  /** components that re-rendered outside any option element */
  outside: number;
  outsideByLabel: Record<string, number>;
  /** the same components by region: the nearest data-testid on or above each ('' = none) */
  outsideByRegion: Record<string, number>;
};

export type BrowserResult = {
  chromium: string;
  build: { ms: number; built: boolean };
  board: BoardInfo;
  load: { runs: LoadRun[]; medianReadyMs: number };
  renders: { edit: RenderCount; rating: RenderCount; scoreView: boolean; dragStart: RenderCount | null };
  frames: { idle: FrameStats; scroll: FrameStats; burst: FrameStats; drag: FrameStats | null; dragNote: string; ratingBurst: FrameStats };
  /** the control: the same load, scrolling and burst with the app's content-visibility switched off (CONTENT_VISIBILITY_OFF_CSS) */
  contentVisibility: { css: string; load: LoadRun; scroll: FrameStats; burst: FrameStats };
  firstLoadJs: FirstLoadJs;
};

// ---------------------------------------------------------------------------
// Measurements in the page.

const PROBE = fs.readFileSync(path.join(BENCH_DIR, 'lib', 'page-probe.js'), 'utf8');

/**
 * Poll an expression in the page. (page.waitForFunction with a string
 * compiles it in the page, which the app's Content-Security-Policy — no
 * 'unsafe-eval' — refuses; page.evaluate goes through the DevTools protocol.)
 */
async function waitInPage(page: Page, expression: string, timeoutMs: number): Promise<void> {
  await waitFor(async () => (await page.evaluate(expression)) === true, timeoutMs, expression.slice(0, 80));
}

/** The experiment: CSS the app does not have, injected to estimate a change before anyone makes it. */
/** Switches off the content-visibility the app puts on its cards and rows: what the load, scrolling and burst cost without it. */
export const CONTENT_VISIBILITY_OFF_CSS =
  '[data-testid="option-card"],[data-testid="score-row"],[data-option-id]{content-visibility:visible!important;contain-intrinsic-size:none!important}';

export async function openBoard(browser: Browser, url: string, expectedCards: number, css?: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: `globalThis.__BENCH_CONFIG = ${JSON.stringify({ displayName: 'Bench reader', expectedCards })};\n${PROBE}` });
  if (css) {
    await context.addInitScript({
      content: `document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = ${JSON.stringify(css)}; document.head.appendChild(s); });`,
    });
  }
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await waitInPage(page, 'Boolean(globalThis.__bench && globalThis.__bench.readyAt > 0)', 120_000);
  const wallMs = performance.now() - t0;
  const m = (await page.evaluate(`(() => {
    const b = globalThis.__bench;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const scripts = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).map((e) => new URL(e.name).pathname);
    const scriptEntries = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'));
    const scriptsMs = scriptEntries.length ? Math.max(...scriptEntries.map((e) => e.responseEnd)) : NaN;
    return { readyMs: b.readyAt, detectMs: b.detectAt, fcpMs: fcp ? fcp.startTime : NaN, cards: b.cards, scripts, scriptsMs, socketMs: b.socketAt || NaN };
  })()`)) as { readyMs: number; detectMs: number; fcpMs: number; cards: number; scripts: string[]; scriptsMs: number; socketMs: number };
  const run: LoadRun = { readyMs: m.readyMs, detectMs: m.detectMs, fcpMs: m.fcpMs, cards: m.cards, wallMs, scriptsMs: m.scriptsMs, socketMs: m.socketMs };
  return { context, page, run, scripts: m.scripts };
}

/** BENCH_BROWSER_PROFILE=<dir>: write a Chromium CPU profile of each frame measurement there (open in DevTools). */
const PROFILE_DIR = process.env.BENCH_BROWSER_PROFILE;

export async function framesDuring(page: Page, action: () => Promise<void>, name = 'frames'): Promise<FrameStats> {
  const cdp = PROFILE_DIR ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.evaluate('globalThis.__bench.startFrames()');
  const started = performance.now();
  await action();
  const durationMs = performance.now() - started;
  const { deltas, longTasks: tasks } = (await page.evaluate('globalThis.__bench.stopFrames()')) as { deltas: number[]; longTasks: [number, number][] };
  const longTasks = tasks.map(([, duration]) => duration);
  const longest = tasks.reduce<[number, number] | null>((a, t) => (a === null || t[1] > a[1] ? t : a), null);
  if (cdp && PROFILE_DIR) {
    const { profile } = await cdp.send('Profiler.stop');
    fs.mkdirSync(PROFILE_DIR, { recursive: true });
    fs.writeFileSync(path.join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
  return {
    ...summarize(deltas),
    frames: deltas.length,
    over16_7: deltas.filter((d) => d > 17.5).length,
    // a frame that took longer than 1.5 intervals: at least one vsync was missed
    dropped: deltas.filter((d) => d > 25).length,
    longTasks: longTasks.length,
    longTaskMs: longTasks.reduce((a, b) => a + b, 0),
    longestTask: longest ? { atMs: longest[0], ms: longest[1] } : null,
    durationMs,
  };
}

async function countRenders(page: Page, change: () => void | Promise<void>, settled: () => Promise<void>): Promise<RenderCount> {
  await sleep(500);
  await page.evaluate('globalThis.__bench.startCounting()');
  await change();
  await settled();
  // two more frames and a moment for any follow-up commits (effects, transitions)
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  await sleep(300);
  return summarizeRenders(await page.evaluate('globalThis.__bench.stopCounting()'));
}

function summarizeRenders(raw: unknown): RenderCount {
  const out = raw as {
    commits: number;
    outside: Record<string, number>;
    regions: Record<string, number>;
    items: Record<string, Record<string, number>>;
  };
  const items = Object.fromEntries(
    Object.entries(out.items).map(([kind, ids]) => [kind, { options: Object.keys(ids).length, components: Object.values(ids).reduce((a, b) => a + b, 0), ids: Object.keys(ids).slice(0, 5) }]),
  );
  return {
    commits: out.commits,
    items,
    options: new Set(Object.values(out.items).flatMap((ids) => Object.keys(ids))).size,
    outside: Object.values(out.outside).reduce((a, b) => a + b, 0),
    outsideByLabel: out.outside,
    outsideByRegion: out.regions,
  };
}

export async function browserBench({ runs = 3, options = 1000, clusters = 20, participantsPerParty = 5 } = {}): Promise<BrowserResult> {
  const product = await startProduct();
  const log = (m: string) => process.stderr.write(`[bench] browser: ${m}\n`);
  log(`product up at ${product.url} after ${(product.buildMs / 1000).toFixed(1)} s${product.built ? ' (built the app)' : ''}`);
  let browser: Browser | null = null;
  let board: BuiltBoard | null = null;
  try {
    board = await buildBoard(product.url, options, clusters, participantsPerParty);
    const remote = board;
    log(`board built: ${options} options, ${clusters} clusters, ${board.info.ratings} ratings in ${(board.info.buildMs / 1000).toFixed(1)} s`);
    // Option cards are the Brainstorm view; a page shows the board's phase by default.
    await setPhase(product.url, board, 'brainstorm');
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

    // Navigation → synced and painted, each in a fresh context (cold HTTP cache, no IndexedDB copy).
    const loadRuns: BrowserResult['load']['runs'] = [];
    let scripts: string[] = [];
    for (let i = 0; i < runs; i++) {
      const opened = await openBoard(browser, board.p1Url, options);
      loadRuns.push(opened.run);
      scripts = opened.scripts;
      log(`load ${i + 1}: synced+painted at ${opened.run.readyMs.toFixed(0)} ms (scripts fetched ${opened.run.scriptsMs?.toFixed(0)} ms, first WebSocket ${opened.run.socketMs?.toFixed(0)} ms)`);
      await opened.context.close();
    }

    const { context, page } = await openBoard(browser, board.p1Url, options);

    // A remote edit of one option's title (Brainstorm view).
    const target = remote.optionIds[Math.floor(options / 2)]!;
    const editTitle = 'Edited by the other side: phase the rise over three years';
    const edit = await countRenders(
      page,
      () => void updateOption(remote.jointRemote.doc, target, { title: editTitle }),
      () => waitInPage(page, `Boolean(document.querySelector('[data-testid="option-card"][data-option-id="${target}"]')?.textContent?.includes(${JSON.stringify(editTitle)}))`, 10_000),
    );

    // Frames while scrolling, and during a burst of remote edits (50/s), Brainstorm view.
    const idle = await framesDuring(page, () => sleep(1000), 'idle');
    const { scroll, burst } = await scrollAndBurst(page, remote, options, '');

    // The same without the cards' content-visibility (injected CSS switches it off): what it gains.
    const experiment = await openBoard(browser, board.p1Url, options, CONTENT_VISIBILITY_OFF_CSS);
    const cv = { load: experiment.run, ...(await scrollAndBurst(experiment.page, remote, options, '-cv')) };
    await experiment.context.close();
    log(`control without content-visibility: load ${cv.load.readyMs.toFixed(0)} ms, scroll p95 ${cv.scroll.p95.toFixed(1)}, burst p95 ${cv.burst.p95.toFixed(1)}`);

    // Dragging, in the Cluster view.
    await setPhase(product.url, board, 'cluster');
    const { drag, dragStart, dragNote } = await dragFrames(page, clusters);

    // A remote rating by another member of the same party, in the Score view.
    await setPhase(product.url, board, 'score');
    const rater = newRecordId();
    const scoreView = await page
      .waitForSelector('[data-testid="score-row"]', { timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    // Settled when the rated option's row shows the rating (its markup changes), not after a fixed wait:
    // on a busy machine a fixed wait can end before the rating arrives and count nothing.
    const rowMarkup = (id: string) => document.querySelector(`[data-testid="score-row"][data-option-id="${id}"]`)?.innerHTML ?? '';
    const rowBefore = scoreView ? await page.evaluate(rowMarkup, target) : '';
    const rating = await countRenders(
      page,
      () => void setRating(remote.laneRemote.doc, { optionId: target, participantId: rater, criterion: 'impact', value: 5 }),
      () =>
        page
          .waitForFunction(
            ([id, before]) => (document.querySelector(`[data-testid="score-row"][data-option-id="${id}"]`)?.innerHTML ?? '') !== before,
            [target, rowBefore] as const,
            { timeout: 30_000 },
          )
          .then(
            () => undefined,
            () => void log('the rated row did not change within 30 s; counted what arrived'),
          ),
    );
    if (!scoreView) log('no score rows appeared in the Score view; the rating was counted anyway');
    // Frames while another member of the party rates at 10 ratings/s for 3 s (Score view).
    let ratingSeq = 0;
    const ratingBurst = await framesDuring(page, async () => {
      const until = performance.now() + 3000;
      while (performance.now() < until) {
        const optionId = remote.optionIds[(ratingSeq * 53) % options]!;
        setRating(remote.laneRemote.doc, { optionId, participantId: rater, criterion: 'feasibility', value: 1 + (ratingSeq++ % 5) });
        await sleep(100);
      }
      await sleep(300);
    }, 'rating-burst');
    log(`renders: edit → ${edit.options} option(s) ${JSON.stringify(edit.items)} + ${edit.outside} outside; rating → ${rating.options} option(s) ${JSON.stringify(rating.items)} + ${rating.outside} outside ${JSON.stringify(rating.outsideByLabel)}, by region ${JSON.stringify(rating.outsideByRegion)}`);
    log(`frames p95: idle ${idle.p95.toFixed(1)}, scroll ${scroll.p95.toFixed(1)}, burst ${burst.p95.toFixed(1)}, drag ${drag ? drag.p95.toFixed(1) : 'n/a'}, rating burst ${ratingBurst.p95.toFixed(1)}`);
    await context.close();

    const js = firstLoadJs();
    const counted = new Set(js.files.map((f) => `/_next/${f.file}`));
    const loaded = new Set(scripts.filter((s) => s.startsWith('/_next/static/chunks/')));
    js.loadedNotCounted = [...loaded].filter((s) => !counted.has(s));
    js.countedNotLoaded = [...counted].filter((s) => !loaded.has(s));

    return {
      chromium: browser.version(),
      build: { ms: product.buildMs, built: product.built },
      board: board.info,
      load: { runs: loadRuns, medianReadyMs: median(loadRuns.map((r) => r.readyMs)) },
      renders: { edit, rating, scoreView, dragStart },
      frames: { idle, scroll, burst, drag, dragNote, ratingBurst },
      contentVisibility: { css: CONTENT_VISIBILITY_OFF_CSS, ...cv },
      firstLoadJs: js,
    };
  } finally {
    await browser?.close();
    for (const r of board ? [board.jointRemote, board.laneRemote] : []) {
      r.provider.destroy();
      r.doc.destroy();
    }
    await stopProduct(product);
  }
}

/** Scrolling (150 wheel steps of 120 px), then a burst of remote title edits at 50/s for 3 s, both in the Brainstorm view. */
async function scrollAndBurst(page: Page, remote: BuiltBoard, options: number, suffix: string): Promise<{ scroll: FrameStats; burst: FrameStats }> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.mouse.move(640, 500);
  const scroll = await framesDuring(page, async () => {
    for (let i = 0; i < 150; i++) {
      await page.mouse.wheel(0, 120);
      await sleep(16);
    }
  }, `scroll${suffix}`);
  await page.evaluate('window.scrollTo(0, document.body.scrollHeight / 3)');
  let seq = 0;
  const burst = await framesDuring(page, async () => {
    const until = performance.now() + 3000;
    while (performance.now() < until) {
      const id = remote.optionIds[(seq * 37) % options]!;
      updateOption(remote.jointRemote.doc, id, { title: `Remote edit ${++seq}${suffix}` });
      await sleep(20);
    }
    await sleep(300);
  }, `burst${suffix}`);
  return { scroll, burst };
}

/**
 * Drag an option onto another cluster with the mouse, in the Cluster view:
 * the first drag handle (data-testid="drag-handle", or any element marked
 * draggable) to the third column (data-testid="cluster-column"; the first is "Not grouped", empty on
 * the bench board, so the handle sits in the second and the drag crosses columns),
 * in 120 mouse moves. Null, with a note, when the view has no drag and drop.
 */
async function dragFrames(page: Page, clusters: number): Promise<{ drag: FrameStats | null; dragStart: RenderCount | null; dragNote: string }> {
  const columns = page.locator('[data-testid="cluster-column"], [data-testid="cluster"]');
  await columns
    .nth(Math.max(0, clusters - 1))
    .waitFor({ timeout: 15_000 })
    .catch(() => {});
  await page.evaluate('window.scrollTo(0, 0)');
  const handle = page
    .locator('[data-testid="drag-handle"], [data-drag-handle], [data-testid="option-card"][draggable="true"], [aria-roledescription="draggable"]')
    .first();
  if ((await handle.count()) === 0 || (await columns.count()) < 3) {
    return { drag: null, dragStart: null, dragNote: 'no drag and drop in the Cluster view yet (no drag handle, or fewer than three columns)' };
  }
  await handle.scrollIntoViewIfNeeded();
  const from = await handle.boundingBox();
  const to = await columns.nth(2).boundingBox();
  if (!from || !to) return { drag: null, dragStart: null, dragNote: 'drag handle or cluster column not visible' };
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const end = { x: to.x + to.width / 2, y: to.y + Math.min(60, to.height / 2) };
  const at = (i: number, steps: number) => [start.x + ((end.x - start.x) * i) / steps, start.y + ((end.y - start.y) * i) / steps] as const;
  // First, what re-renders when a drag starts: pointer down and 10 moves, counted; then Escape cancels it.
  await page.mouse.move(start.x, start.y);
  await sleep(300);
  await page.evaluate('globalThis.__bench.startCounting()');
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(...at(i, 120));
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  const dragStart = summarizeRenders(await page.evaluate('globalThis.__bench.stopCounting()'));
  await page.keyboard.press('Escape');
  await page.mouse.move(start.x, start.y);
  await page.mouse.up();
  await sleep(500);
  // Then the measured drag, not counted.
  const drag = await framesDuring(page, async () => {
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    const steps = 120;
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(...at(i, steps));
      await sleep(8);
    }
    await page.mouse.up();
    await sleep(300);
  }, 'drag');
  return { drag, dragStart, dragNote: 'mouse drag of the first option\'s handle onto another cluster\'s column (120 moves), Cluster view' };
}
