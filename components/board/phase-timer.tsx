'use client';

import { BellRing, Pause, Play, Plus, RotateCcw, Timer } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { timerView, type BoardState } from '@/lib/board/state';
import { setTimer, type TimerAction } from '@/lib/sync/api';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { useAnnounce } from '@/components/ui/announcer';
import { RequestError, useServerRequest } from '@/components/ui/server-request';
import { useServerClock } from './use-server-clock';

const MINUTE = 60_000;
const PRESETS = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60];

export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

function spoken(ms: number): string {
  const minutes = Math.floor(Math.ceil(ms / 1000) / 60);
  const seconds = Math.ceil(ms / 1000) % 60;
  return [minutes ? `${minutes} minute${minutes === 1 ? '' : 's'}` : '', seconds ? `${seconds} second${seconds === 1 ? '' : 's'}` : '']
    .filter(Boolean)
    .join(' ') || '0 seconds';
}

/**
 * The board's shared timer. The server's clock is the reference: the time left
 * is computed from the state room with this browser's measured offset, so
 * every client shows the same time whatever its own clock says, and a
 * reconnect re-measures. When time is up: a visual cue and one polite
 * announcement (no sound).
 */
export function PhaseTimer({
  state,
  connected,
  controls,
}: {
  state: BoardState;
  connected: boolean;
  /** present for whoever may drive the board */
  controls: { boardId: string; token: string } | null;
}) {
  const id = useId();
  const announce = useAnnounce();
  const clock = useServerClock(connected);
  const [now, setNow] = useState(() => clock.now());
  const [minutes, setMinutes] = useState(5);
  const { pending, error, send } = useServerRequest();
  const view = timerView(state, now);
  const set = state.timerDurationMs > 0 || view.remainingMs > 0 || view.running;
  const done = view.running && view.remainingMs <= 0;
  const status = done ? 'done' : view.running ? 'running' : set ? 'paused' : 'idle';

  // Tick while running (4 Hz keeps the seconds crisp); re-read the clock when the offset changes.
  const { now: readNow } = clock;
  useEffect(() => {
    setNow(readNow());
    if (!view.running) return;
    const timer = window.setInterval(() => setNow(readNow()), 250);
    return () => window.clearInterval(timer);
  }, [view.running, readNow, state.timerStartedAt, state.timerRemainingMs]);

  // Announce once when time runs out, and once a minute is left.
  const announced = useRef<string | null>(null);
  const runKey = `${state.timerStartedAt}:${state.timerRemainingMs}`;
  useEffect(() => {
    if (!view.running) return;
    if (view.remainingMs <= 0 && announced.current !== `${runKey}:done`) {
      announced.current = `${runKey}:done`;
      announce('Time is up for this phase.');
    } else if (view.remainingMs > 0 && view.remainingMs <= MINUTE && state.timerRemainingMs > MINUTE && announced.current !== `${runKey}:minute`) {
      if (announced.current !== `${runKey}:done`) {
        announced.current = `${runKey}:minute`;
        announce('One minute left.');
      }
    }
  }, [view.running, view.remainingMs, runKey, state.timerRemainingMs, announce]);

  async function run(action: TimerAction, message: string) {
    if (!controls) return;
    await send(async () => {
      const sentAt = Date.now();
      const result = await setTimer(controls.boardId, controls.token, action);
      clock.observe(result.serverNow, sentAt);
      announce(message);
    }, 'The timer could not be changed. Try again.');
  }

  if (!controls && status === 'idle') return null;

  return (
    <div className="flex flex-col gap-1" data-testid="phase-timer" data-state={status}>
      <div className="flex flex-wrap items-center gap-1.5">
        {status !== 'idle' ? (
          <span
            role="timer"
            aria-label={done ? 'Timer: time is up' : `Timer: ${spoken(view.remainingMs)} left${view.running ? '' : ', paused'}`}
            data-testid="timer-display"
            data-remaining-ms={view.remainingMs}
            className={cn(
              'inline-flex h-8 items-center gap-1.5 rounded-full border px-2.5 text-sm font-semibold tabular-nums',
              done ? 'border-warn/50 bg-warn/10 text-warn' : 'border-line bg-white text-ink',
              !view.running && !done && 'text-muted',
            )}
          >
            {done ? <BellRing aria-hidden size={16} className="motion-safe:animate-pulse" /> : <Timer aria-hidden size={16} />}
            {done ? 'Time’s up' : formatClock(view.remainingMs)}
            {!view.running && !done ? <span className="text-xs font-medium">paused</span> : null}
          </span>
        ) : null}
        {controls ? (
          <>
            {status === 'idle' || status === 'done' ? (
              <>
                <label htmlFor={`${id}-minutes`} className="sr-only">
                  Timer length in minutes
                </label>
                <select
                  id={`${id}-minutes`}
                  data-testid="timer-minutes"
                  value={minutes}
                  onChange={(e) => setMinutes(Number(e.target.value))}
                  className="h-8 rounded-md border border-line bg-white px-2 text-sm"
                >
                  {PRESETS.map((m) => (
                    <option key={m} value={m}>
                      {m} min
                    </option>
                  ))}
                </select>
                <Button
                  size="sm"
                  disabled={pending}
                  data-testid="timer-start"
                  onClick={() => run({ action: 'start', durationMs: minutes * MINUTE }, `Timer started: ${minutes} minutes.`)}
                >
                  <Play aria-hidden size={14} /> Start timer
                </Button>
              </>
            ) : null}
            {status === 'running' ? (
              <Button size="sm" disabled={pending} data-testid="timer-pause" onClick={() => run({ action: 'pause' }, 'Timer paused.')}>
                <Pause aria-hidden size={14} /> Pause
              </Button>
            ) : null}
            {status === 'paused' ? (
              <Button size="sm" disabled={pending} data-testid="timer-resume" onClick={() => run({ action: 'start' }, 'Timer resumed.')}>
                <Play aria-hidden size={14} /> Resume
              </Button>
            ) : null}
            {status === 'running' || status === 'paused' || status === 'done' ? (
              <Button
                size="sm"
                variant="ghost"
                disabled={pending}
                data-testid="timer-add"
                aria-label="Add one minute"
                onClick={() =>
                  run(
                    done ? { action: 'start', durationMs: MINUTE } : { action: 'add', ms: MINUTE },
                    'One minute added.',
                  )
                }
              >
                <Plus aria-hidden size={14} /> 1 min
              </Button>
            ) : null}
            {status !== 'idle' ? (
              <Button
                size="icon"
                variant="ghost"
                className="h-8 w-8"
                disabled={pending}
                data-testid="timer-reset"
                aria-label="Clear the timer"
                onClick={() => run({ action: 'reset' }, 'Timer cleared.')}
              >
                <RotateCcw aria-hidden size={14} />
              </Button>
            ) : null}
          </>
        ) : null}
      </div>
      <RequestError error={error} />
    </div>
  );
}
