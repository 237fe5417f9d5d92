import { INTEREST_KINDS, type InterestKind } from '@/lib/board/schema';
import { SelectInput } from '@/components/ui/field';
import { IMPORTANCE_LABELS, KIND_LABELS } from './labels';

/**
 * An interest's "Kind" and "Importance" selects, labelled side by side; the
 * same in the composer and in a card's edit form. `idPrefix` keeps their ids
 * unique on the page.
 */
export function KindAndImportanceSelects({
  idPrefix,
  kind,
  importance,
  onKindChange,
  onImportanceChange,
}: {
  idPrefix: string;
  kind: InterestKind;
  importance: number;
  onKindChange: (kind: InterestKind) => void;
  onImportanceChange: (importance: number) => void;
}) {
  return (
    <>
      <div className="flex items-center gap-1.5">
        <label htmlFor={`${idPrefix}-kind`} className="text-sm text-muted">
          Kind
        </label>
        <SelectInput id={`${idPrefix}-kind`} className="py-1" value={kind} onChange={(e) => onKindChange(e.target.value as InterestKind)}>
          {INTEREST_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </SelectInput>
      </div>
      <div className="flex items-center gap-1.5">
        <label htmlFor={`${idPrefix}-importance`} className="text-sm text-muted">
          Importance
        </label>
        <SelectInput
          id={`${idPrefix}-importance`}
          className="py-1"
          value={importance}
          onChange={(e) => onImportanceChange(Number(e.target.value))}
        >
          {[3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {IMPORTANCE_LABELS[n]}
            </option>
          ))}
        </SelectInput>
      </div>
    </>
  );
}
