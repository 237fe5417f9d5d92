/**
 * Injected into the board page before any of its scripts (Playwright
 * addInitScript), with no change to the app:
 *
 *  - sets the display name, so the board opens without the join form;
 *  - records when the board is synced AND painted: the first animation frame
 *    in which the board root says data-sync-status="synced" and the expected
 *    number of option cards is in the DOM, then the time of the next frame
 *    (that frame's paint is done by then);
 *  - installs a minimal __REACT_DEVTOOLS_GLOBAL_HOOK__ that React DOM (also
 *    in production builds) calls on every commit. While counting is on, each
 *    commit's fiber tree is walked the way React DevTools does it: subtrees
 *    whose child pointer did not change were bailed out; a component fiber
 *    rendered in this commit when it is new or has the PerformedWork flag.
 *    Component names are minified in production, so components are grouped
 *    by the option element they render or sit in (any element with
 *    data-option-id: <li data-testid="option-card" data-option-id=…>, a
 *    score row …), and the rest labelled by their first host element's
 *    data-testid, else by name, and counted by region: the nearest
 *    data-testid on or above them (the score matrix, the progress list …);
 *  - frame recording: requestAnimationFrame deltas and long tasks
 *    (PerformanceObserver) between start and stop.
 *
 * Config comes from globalThis.__BENCH_CONFIG (set by an init script before this one).
 */
(() => {
  const config = globalThis.__BENCH_CONFIG || {};
  try {
    if (config.displayName) localStorage.setItem('common-ground:display-name', config.displayName);
  } catch {
    // storage may be unavailable on about:blank
  }

  const bench = {
    detectAt: 0,
    readyAt: 0,
    socketAt: 0,
    cards: 0,
    commits: 0,
    counting: false,
    renders: {},
    items: {},
  };
  globalThis.__bench = bench;

  // --- when the page opens its first WebSocket (the board's session) -------
  const NativeWebSocket = globalThis.WebSocket;
  if (NativeWebSocket) {
    globalThis.WebSocket = class extends NativeWebSocket {
      constructor(...args) {
        super(...args);
        if (!bench.socketAt) bench.socketAt = performance.now();
      }
    };
  }

  // --- synced and painted -------------------------------------------------
  const expected = config.expectedCards || 1;
  const check = () => {
    const root = document.querySelector('[data-testid="board"]');
    if (root && root.getAttribute('data-sync-status') === 'synced') {
      const cards = document.querySelectorAll('[data-testid="option-card"]').length;
      if (cards >= expected) {
        bench.detectAt = performance.now();
        bench.cards = cards;
        requestAnimationFrame(() => {
          bench.readyAt = performance.now();
        });
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);

  // --- render counting ----------------------------------------------------
  const PERFORMED_WORK = 1;
  const HOST_COMPONENT = 5;
  const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15]); // function, class, forwardRef, memo, simple memo
  const firstHost = (fiber) => {
    let f = fiber.child;
    for (let depth = 0; f && depth < 30; depth++) {
      if (f.tag === HOST_COMPONENT) return f;
      f = f.child;
    }
    return null;
  };
  // A rendered component belongs to an option when it renders, or sits inside,
  // an element carrying data-option-id (an option card, a score row, a
  // cluster column's option): those are counted per option; the rest by label.
  const optionElement = (fiber) => {
    const own = firstHost(fiber);
    if (own && own.memoizedProps && own.memoizedProps['data-option-id']) return own;
    for (let f = fiber.return; f; f = f.return) {
      if (f.tag === HOST_COMPONENT && f.memoizedProps && f.memoizedProps['data-option-id']) return f;
    }
    return null;
  };
  const record = (fiber) => {
    const item = optionElement(fiber);
    if (item) {
      const props = item.memoizedProps;
      const key = `${props['data-testid'] || item.type}`;
      const ids = (bench.items[key] = bench.items[key] || {});
      ids[props['data-option-id']] = (ids[props['data-option-id']] || 0) + 1;
      return;
    }
    const host = firstHost(fiber);
    const testId = host && host.memoizedProps && host.memoizedProps['data-testid'];
    const type = fiber.type || fiber.elementType;
    const name = (type && (type.displayName || type.name)) || 'anonymous';
    const label = testId ? `[${testId}]` : `${name}<${host ? host.type : ''}>`;
    bench.renders[label] = (bench.renders[label] || 0) + 1;
    let region = testId;
    for (let f = fiber.return; f && !region; f = f.return) {
      if (f.tag === HOST_COMPONENT && f.memoizedProps && f.memoizedProps['data-testid']) region = f.memoizedProps['data-testid'];
    }
    bench.regions[region || ''] = (bench.regions[region || ''] || 0) + 1;
  };
  const visit = (next, prev) => {
    if (COMPONENT_TAGS.has(next.tag) && (prev === null || (next.flags & PERFORMED_WORK) !== 0)) record(next);
    if (prev !== null && next.child === prev.child) return; // bailed out: nothing below rendered
    for (let child = next.child; child; child = child.sibling) visit(child, child.alternate || null);
  };
  const renderers = new Map();
  globalThis.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    renderers,
    supportsFiber: true,
    isDisabled: false,
    checkDCE() {},
    inject(renderer) {
      const id = renderers.size + 1;
      renderers.set(id, renderer);
      return id;
    },
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id, root) {
      bench.commits++;
      if (!bench.counting) return;
      const current = root.current;
      visit(current, current.alternate || null);
    },
  };
  bench.startCounting = () => {
    bench.renders = {};
    bench.regions = {};
    bench.items = {};
    bench.commits = 0;
    bench.counting = true;
  };
  bench.stopCounting = () => {
    bench.counting = false;
    return { commits: bench.commits, outside: bench.renders, regions: bench.regions, items: bench.items };
  };

  // --- frames ---------------------------------------------------------------
  bench.startFrames = () => {
    const deltas = [];
    const longTasks = [];
    const startedAt = performance.now();
    let last = 0;
    let on = true;
    const loop = (t) => {
      if (last) deltas.push(t - last);
      last = t;
      if (on) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    let observer = null;
    try {
      observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push([entry.startTime - startedAt, entry.duration]);
      });
      observer.observe({ type: 'longtask' });
    } catch {
      observer = null;
    }
    bench.stopFrames = () => {
      on = false;
      if (observer) observer.disconnect();
      return { deltas, longTasks };
    };
  };
})();
