/** The report's section on the board in a browser. */
import type { FrameStats } from '../browser';
import { FRAME_BUDGET_MS, f0, f1, kb, kib, labels, pct, regions, renderSummary, table } from './report-format';
import type { Results } from './results';

export function pushBrowserSection(r: Results, out: string[]): void {
  const b = r.browser;
  if (b) {
    out.push('### The board in a browser');
    out.push('');
    out.push(
      `The real product (\`scripts/start.mjs\`: the Next.js production build and server/main.ts on one port${b.build.built ? `; this run built the app first, ${f0(b.build.ms / 1000)} s to the first answer` : ''}) in headless Chromium ${b.chromium} through Playwright (\`--no-sandbox --disable-gpu --disable-dev-shm-usage …\`), viewport 1280×900. The board: ${f0(b.board.options)} options in ${b.board.clusters} clusters and ${b.board.participants} participants' ratings (${f0(b.board.ratings)}), built with lib/board mutations on Node clients through the server (joint room ${kib(b.board.jointBytes)}, the party's lane ${kib(b.board.laneBytes)}). The page opens a party-1 link; the board is in the Brainstorm phase for the load, the edit and the scrolling, Cluster for the drag, Score for the rating. The app is not changed: bench/lib/page-probe.js is injected with \`addInitScript\`.`,
    );
    out.push('');
    out.push(
      table(
        ['run', 'synced and painted', 'synced, cards in the DOM', 'first contentful paint', 'scripts fetched', 'first WebSocket opened', 'option cards', 'Playwright: goto → ready'],
        b.load.runs.map((x, i) => [
          String(i + 1),
          `**${f0(x.readyMs)} ms**`,
          `${f0(x.detectMs)} ms`,
          `${f0(x.fcpMs)} ms`,
          x.scriptsMs === undefined ? '–' : `${f0(x.scriptsMs)} ms`,
          x.socketMs === undefined ? '–' : `${f0(x.socketMs)} ms`,
          f0(x.cards),
          `${f0(x.wallMs)} ms`,
        ]),
      ),
    );
    out.push('');
    out.push(
      'Times are from the start of navigation (`performance.now()` in the page). "Synced and painted": the first animation frame in which the board root has `data-sync-status="synced"` and all option cards are in the DOM, then the next frame (that paint is done). Each run uses a fresh browser context: cold HTTP cache, no IndexedDB copy of the board.',
    );
    out.push('');
    out.push('**Re-renders.** React DOM calls `__REACT_DEVTOOLS_GLOBAL_HOOK__.onCommitFiberRoot` on every commit, in production too; the injected hook walks each commit as React DevTools does (a component rendered when it is new or carries the PerformedWork flag) and groups components by the option element (`data-option-id`) they sit in; the others are labelled by their `data-testid` (else their name) and counted by region, the nearest `data-testid` above them. The rater is new to the board, so the rating also changes a party\'s count of ratings cast.');
    out.push('');
    out.push(
      table(
        ['change (by another participant, through the server)', 'view', 'commits', 'options re-rendered', 'components outside any option'],
        [
          ['title of one option (joint room)', 'Brainstorm', String(b.renders.edit.commits), renderSummary(b.renders.edit).split(';')[0]!, `${b.renders.edit.outside}${b.renders.edit.outside ? `: ${labels(b.renders.edit)}` : ''}`],
          [
            `a rating of that option by another member of the page's party (lane)`,
            b.renders.scoreView ? 'Score' : 'Score (no score rows appeared)',
            String(b.renders.rating.commits),
            renderSummary(b.renders.rating).split(';')[0]!,
            `${b.renders.rating.outside}${b.renders.rating.outside ? `: ${labels(b.renders.rating)}${regions(b.renders.rating)}` : ''}`,
          ],
          ...(b.renders.dragStart
            ? [
                [
                  'starting to drag an option (pointer down and the first 10 moves; local, not remote)',
                  'Cluster',
                  String(b.renders.dragStart.commits),
                  renderSummary(b.renders.dragStart).split(';')[0]!,
                  `${b.renders.dragStart.outside}${b.renders.dragStart.outside ? `: ${labels(b.renders.dragStart)}` : ''}`,
                ],
              ]
            : []),
        ],
      ),
    );
    out.push('');
    out.push(
      `**Frames.** requestAnimationFrame deltas and long tasks (PerformanceObserver) in the page. Headless Chromium draws at 60 Hz, so a delta is a multiple of 16.7 ms: p95 ≤ ${FRAME_BUDGET_MS} ms means no missed frame up to the 95th percentile; "missed" counts deltas over 25 ms (at least one vsync skipped).`,
    );
    out.push('');
    const frameRow = (name: string, x: FrameStats | null, how: string) =>
      x
        ? [
            name,
            how,
            f0(x.frames),
            `${f1(x.p50)} ms`,
            `**${f1(x.p95)} ms**`,
            `${f1(x.max)} ms`,
            `${x.dropped} (${pct(x.dropped / Math.max(1, x.frames))})`,
            `${x.longTasks} (${f0(x.longTaskMs)} ms)${x.longestTask ? `; longest ${f0(x.longestTask.ms)} ms at +${f0(x.longestTask.atMs)} ms` : ''}`,
          ]
        : [name, how, '–', '–', '–', '–', '–', '–'];
    out.push(
      table(
        ['scenario', 'how', 'frames', 'p50', 'p95', 'max', 'missed frames', 'long tasks (total; the longest, from the start)'],
        [
          frameRow('idle', b.frames.idle, '1 s, nothing happening (Brainstorm)'),
          frameRow('scrolling', b.frames.scroll, '150 mouse-wheel steps of 120 px (Brainstorm)'),
          frameRow('remote edit burst', b.frames.burst, 'another participant edits option titles at 50/s for 3 s (Brainstorm)'),
          frameRow('dragging an option', b.frames.drag, b.frames.dragNote),
          frameRow('remote rating burst', b.frames.ratingBurst, 'another member of the party rates options at 10/s for 3 s (Score view)'),
        ],
      ),
    );
    out.push('');
    const cv = b.contentVisibility;
    out.push(
      `**Control: the same board without \`content-visibility\`.** The app gives its option cards and score rows \`content-visibility: auto\` (off-screen cards cost no style, layout or paint); this control injects \`${cv.css}\` to switch it off, for what it gains: synced and painted ${f0(cv.load.readyMs)} ms (one run); scrolling p95 ${f1(cv.scroll.p95)} ms, ${cv.scroll.dropped} missed frames of ${cv.scroll.frames}, ${cv.scroll.longTasks} long tasks (${f0(cv.scroll.longTaskMs)} ms); remote edit burst p95 ${f1(cv.burst.p95)} ms, ${cv.burst.dropped} missed of ${cv.burst.frames}, ${cv.burst.longTasks} long tasks (${f0(cv.burst.longTaskMs)} ms).`,
    );
    out.push('');
    const js = b.firstLoadJs;
    out.push(`**First-load JavaScript of \`${js.route}\`: ${kb(js.gzip)} gzipped (${kb(js.bytes)} raw, ${js.files.length} files).**`);
    out.push(
      `The chunk list is Next's own, from ${js.source}${js.manifestsAgree === null ? '' : js.manifestsAgree ? '; it agrees with the list built from the manifests (build-manifest.json rootMainFiles ∪ the entryJSFiles of the root layout and the page in page_client-reference-manifest.js)' : '; it DIFFERS from the list built from the manifests'}. Each file is gzipped at level 9 and the sizes summed; polyfills (nomodule) and lazily loaded chunks are not counted. Cross-check against what the page fetched: ${js.countedNotLoaded.length === 0 ? 'every counted chunk was fetched' : `counted but not fetched: ${js.countedNotLoaded.join(', ')}`}; ${js.loadedNotCounted.length === 0 ? 'nothing else was fetched' : `${js.loadedNotCounted.length} more chunks were fetched (not counted: prefetches of linked routes or lazy chunks)`}.`,
    );
    out.push('');
    out.push(table(['file', 'raw', 'gzip'], js.files.map((x) => [`\`${x.file}\``, kb(x.bytes), kb(x.gzip)])));
    out.push('');
  }
}
