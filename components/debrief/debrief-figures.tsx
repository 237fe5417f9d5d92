import type { DebriefFigures } from '@/lib/board/derive/debrief';
import { PartyBadge, type PartyLook } from '@/components/board/party-badge';
import { formatScore } from '@/components/scoring/format';

/** "2 days 3 h", "1 h 25 min", "12 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'}${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${mins ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}

/** The session in figures: time to shortlist, options per party, what works for both, who took part. */
export function DebriefFiguresPanel({ figures, looks, threshold }: { figures: DebriefFigures; looks: ReadonlyMap<string, PartyLook>; threshold: number }) {
  const share = figures.worksForBothShare;
  const tiles = [
    {
      key: 'time-to-shortlist',
      label: 'Time to shortlist',
      value: figures.timeToShortlistMs === null ? 'No shortlist yet' : formatDuration(figures.timeToShortlistMs),
      note: 'from the board’s creation to the last option starred',
    },
    {
      key: 'options',
      label: 'Options generated',
      value: String(figures.optionsTotal),
      note: figures.optionsWithHiddenAuthor ? `${figures.optionsWithHiddenAuthor} with the author still hidden` : 'every author known',
    },
    {
      key: 'works-for-both',
      label: 'Work for both',
      value: share === null ? '–' : `${Math.round(share * 100)}%`,
      note: `${figures.worksForBothCount} of ${figures.optionsTotal} options, every party at ${threshold} or more`,
    },
    { key: 'shortlisted', label: 'Shortlisted', value: String(figures.shortlisted), note: 'options carried forward' },
  ];
  return (
    <div className="space-y-3" data-testid="debrief-figures">
      <dl className="grid grid-cols-2 gap-2 lg:grid-cols-4">
        {tiles.map((t) => (
          <div key={t.key} className="rounded-lg border border-line bg-white p-3" data-testid={`debrief-${t.key}`}>
            <dt className="text-xs font-medium text-muted">{t.label}</dt>
            <dd className="mt-0.5 text-xl font-semibold tabular-nums" data-testid="debrief-figure-value">
              {t.value}
            </dd>
            <dd className="text-xs text-muted">{t.note}</dd>
          </div>
        ))}
      </dl>
      <div className="overflow-x-auto rounded-lg border border-line bg-white">
        <table className="w-full min-w-[34rem] text-sm" data-testid="participation">
          <caption className="px-3 pt-2 text-left font-medium">Participation by party</caption>
          <thead className="text-left text-xs text-muted">
            <tr>
              <th scope="col" className="px-3 py-1.5 font-medium">Party</th>
              <th scope="col" className="px-3 py-1.5 text-right font-medium">Options proposed</th>
              <th scope="col" className="px-3 py-1.5 text-right font-medium">Raters</th>
              <th scope="col" className="px-3 py-1.5 text-right font-medium">Ratings cast</th>
              <th scope="col" className="px-3 py-1.5 text-right font-medium">Debrief notes</th>
              <th scope="col" className="px-3 py-1.5 text-right font-medium">Relationship health</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {figures.parties.map((p) => {
              const look = looks.get(p.partyId);
              return (
                <tr key={p.partyId} className="border-t border-line" data-testid="participation-row" data-party-id={p.partyId}>
                  <th scope="row" className="px-3 py-1.5 text-left font-medium">
                    <span className="inline-flex items-center gap-1.5">
                      {look ? <PartyBadge look={look} /> : null}
                      {look?.name ?? p.partyId}
                    </span>
                  </th>
                  <td className="px-3 py-1.5 text-right">{p.optionsProposed}</td>
                  <td className="px-3 py-1.5 text-right">{p.raters}</td>
                  <td className="px-3 py-1.5 text-right">{p.ratingsCast}</td>
                  <td className="px-3 py-1.5 text-right">{p.debriefNotes}</td>
                  <td className="px-3 py-1.5 text-right">{p.relationshipHealth === null ? '–' : `${formatScore(p.relationshipHealth)} / 5`}</td>
                </tr>
              );
            })}
          </tbody>
          {figures.optionsWithHiddenAuthor ? (
            <tfoot>
              <tr className="border-t border-line text-xs text-muted">
                <td colSpan={6} className="px-3 py-1.5">
                  Options proposed counts only authors you can see: {figures.optionsWithHiddenAuthor}{' '}
                  {figures.optionsWithHiddenAuthor === 1 ? 'option has' : 'options have'} a hidden author.
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </div>
  );
}
