/** The report's sections on what rooms cost: memory per room, the scoring session, cold load, the embedded store. */
import { f0, f1, held, kib, mib, pct, perRoom, spread, table } from './report-format';
import type { Results } from './results';

export function pushRoomCostSections(r: Results, out: string[]): void {
  if (r.memory?.ours || r.memory?.reference) {
    const m = r.memory;
    const any = (m.ours ?? m.reference)!;
    out.push('### Memory per room: a typical board');
    out.push('');
    out.push(
      `${any.boards} copies of a board with 200 options in 8 clusters (joint room, ${kib(any.bytes.joint)} as a Yjs update) and 10 participants who each rated every option on the 3 criteria (two party lanes of 3,000 ratings, ${kib(any.bytes.lane)} each). Server process memory and RSS after GC (\`--expose-gc\`, four passes): with nothing loaded, with every joint room loaded (one client each), after each of those clients made its edits, with the lanes loaded too, with the state rooms loaded too, after the lanes' clients' edits, (ours) with every room's Y.Doc built, and after every client left. Ours loads the rooms from SQLite (stored as snapshots); the reference has no storage, so its clients bring the content.`,
    );
    out.push('');
    const rows: string[][] = [];
    for (const kind of ['ours', 'reference'] as const) {
      const x = m[kind];
      const p = perRoom(x);
      if (!x || !p) continue;
      const enc = x.encodedAt;
      const of = (n: number | undefined, rooms: number) => (enc ? `${n} of ${rooms} encoded` : `${rooms} rooms`);
      rows.push([
        kind,
        `${mib(held(x.baseline))} / ${mib(x.baseline.rss)}`,
        `${mib(held(x.joints))} → ${mib(held(x.jointsWritten))} (${of(enc?.jointsWritten, x.rooms.joints)})`,
        `${mib(held(x.lanes))} (${of(enc?.lanes, x.rooms.lanes)})`,
        `${mib(held(x.all))} → ${mib(held(x.allWritten))} / ${mib(x.allWritten.rss)} (${of(enc?.allWritten, x.rooms.allWritten)})`,
        `**${kib(p.joint.loaded)}** → **${kib(p.joint.written)}**`,
        `**${kib(p.lane.loaded)}** → **${kib(p.lane.written)}**`,
        `**${kib(p.state)}**`,
        `${kib(p.mean)} / ${kib(p.rss)}`,
        p.awake === null ? '–' : `${kib(p.awake)} (${mib(held(x.awake!))} in all)`,
        `${mib(held(x.afterLeave))} / ${mib(x.afterLeave.rss)}; ${x.roomsAfterLeave} rooms${Number.isFinite(x.leaveMs) ? ` (unloaded ${f1(x.leaveMs / 1000)} s after the last client left)` : ''}`,
      ]);
    }
    out.push(
      table(
        [
          'server',
          'nothing loaded: memory / RSS',
          'joint rooms loaded → written',
          'lanes loaded too',
          'state rooms loaded too → lanes written: memory / RSS',
          'per joint room: loaded → written',
          'per lane: loaded → written',
          'per state room',
          'mean per room, all written: memory / RSS',
          'mean per room with its Y.Doc built',
          'after every client left: memory / RSS',
        ],
        rows,
      ),
    );
    out.push('');
    out.push(
      `Memory is the JS heap plus ArrayBuffer contents after GC (encoded documents are buffers, outside the heap); each room kind is measured from the sample before it. "Written" is after each joint and lane client made ${m.ours?.editsPerRoom ?? m.reference?.editsPerRoom} ordinary edits (option titles; ratings), all stored; on ours the lanes' edits make the publisher derive the state rooms again, counted to the lanes. Everyone had rated everything, so ours' state rooms hold the board's 6,000 published ratings (the reference has no publisher: its state rooms are empty). Ours keeps a room's document encoded — its sync answer for first visits, the updates accepted since and its state vector — and adds edits without a Y.Doc (server/sync/quiet-update.ts); "encoded" counts rooms in that form. "With its Y.Doc built" is every room woken, as an update with a missing dependency wakes one room until ROOM_HIBERNATE_MS passes. The reference holds every room as a Y.Doc.`,
    );
    out.push('');
  }

  if (r.scoring) {
    const s = r.scoring.ours;
    out.push('### A scoring session (ours)');
    out.push('');
    out.push(
      `${s.boards} typical boards (as above), each open in a joint-board, two party-lane and one state-room client, scores revealed (each state room holds 6,000 published ratings). Each lane client changes its raters' ratings ${s.laneHz} times a second for ${f1(s.durationMs / 1000)} s (${s.laneHz * 2} a second per board); each change makes the publisher derive the board's state room again, reading every lane and writing the state room on transient Y.Docs (the rooms stay encoded). Not a target: what keeping rooms encoded costs while ratings change.`,
    );
    out.push('');
    out.push(
      table(
        ['ratings', 'server CPU', 'CPU per rating', 'publication runs', 'mean run', 'rooms woken', 'rooms encoded at the end'],
        [[f0(s.ratings), pct(s.serverCpu), `${s.cpuPerRatingMs.toFixed(2)} ms`, f0(s.publications), `${f1(s.publishMeanMs)} ms`, f0(s.wakes), `${s.encoded} of ${s.rooms}`]],
      ),
    );
    out.push('');
  }

  if (r.cold) {
    out.push('### Cold load: a big board to a client');
    out.push('');
    out.push(
      'Ours: the board is stored as a snapshot plus an update log of 400 single edits (through the real store), not loaded; the first client that asks loads it. One client: a WebsocketProvider until `synced`, its option count checked (decoding the board in the client included). Fifty at once: raw sockets send sync step 1 with an empty state vector and time the arrival of sync step 2; every answer must be byte-identical, and one is decoded and its options counted. Each measurement uses its own board, so each is a cold load. The reference has no storage: a client brought the same content first, so its figures are for a board already in memory.',
    );
    out.push('');
    const rows: string[][] = [];
    for (const options of [...new Set(r.cold.ours.map((c) => c.options))]) {
      for (const kind of ['ours', 'reference'] as const) {
        const c = r.cold[kind].find((x) => x.options === options);
        if (!c) continue;
        rows.push([
          f0(options),
          kind,
          `${mib(c.docBytes)}${kind === 'ours' ? ` + ${c.logRows} log rows` : ' (in memory)'}`,
          `${f0(c.one.step2Ms)} ms`,
          `**${f0(c.one.syncedMs)} ms**`,
          f0(c.one.options),
          `${f0(c.many.p50)} ms`,
          `${f0(c.many.max)} ms`,
          `${c.many.distinctAnswers} distinct, ${f0(c.many.options)} options`,
        ]);
      }
    }
    out.push(table(['options', 'server', 'stored', '1 client: step 2 received', '1 client: synced', 'options seen', '50 at once: p50', '50 at once: last', 'answers'], rows));
    out.push('');
  }

  if (r.store) {
    out.push('### Embedded store: write throughput');
    out.push('');
    out.push(
      `\`SqliteDocStore.append\` (server/persistence/sqlite.ts, WAL) with real ${r.store[0]?.bytes ?? ''}-byte updates (an option title edit), ${Number(r.config.storeMs) / 1000} s each. Each room writes as a room's write queue does, awaiting each append before the next: one update per append is a tick that received one update, ten a busy tick (the queue merges a tick's updates); one room alone is bound by the round trip. Fifty rooms at once exercise the group commit (one event-loop turn's appends in one transaction, inline or on the writer thread). Columns as in the table above; "per transaction" includes the WAL write, the fsync with FULL and, in the tail, an automatic WAL checkpoint on the thread.`,
    );
    out.push('');
    out.push(
      table(
        ['synchronous', 'rooms writing', 'updates per append', 'updates/s', 'transactions/s (updates each)', 'event loop per send: p99 / max', 'round trip: p50 / p99 / max', 'per transaction: p50 / p99 / max'],
        r.store.map((s) => [
          s.synchronous,
          s.rooms ?? '–', // (a results file from before the writer thread has none of these)
          s.perAppend ?? '–',
          `**${f0(s.updatesPerSecond)}**`,
          s.times ? `${f0(s.commitsPerSecond)} (${f1(s.times.transactions.updates / Math.max(1, s.times.transactions.count))})` : '–',
          spread(s.times?.mainThread, false),
          spread(s.times?.roundTrip),
          spread(s.times?.transactions),
        ]),
      ),
    );
    out.push('');
  }
}
