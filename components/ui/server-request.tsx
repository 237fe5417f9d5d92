'use client';

import { useCallback, useState } from 'react';

/**
 * A control that asks the server for something (move the phase, run the
 * timer, change a setting): `pending` while the request runs, so the controls
 * can be disabled, and `error`, the reason it failed, for <RequestError>.
 */
export function useServerRequest() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Runs `request`; when it throws, keeps its message (or `failure` when it has none). */
  const send = useCallback(async (request: () => Promise<void>, failure: string) => {
    setPending(true);
    setError(null);
    try {
      await request();
    } catch (e) {
      setError(e instanceof Error ? e.message : failure);
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, send };
}

/** Why the last request failed, announced at once (role="alert"). */
export function RequestError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-danger">
      {error}
    </p>
  );
}
