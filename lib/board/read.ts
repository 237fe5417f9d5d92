/**
 * Readers: turn Yjs records into validated plain objects. Anything malformed
 * (from a buggy or hostile client) is skipped and reported, never thrown.
 */
import * as Y from 'yjs';
import type * as z from 'zod/mini';
import { dict } from './dict';
import { compareByOrder } from './order';
import {
  boardMetaSchema,
  metaMap,
  optionSchema,
  partiesMap,
  partySchema,
  recordToPlain,
  type BoardMeta,
  type BoardOption,
  type Party,
} from './schema';

export type RecordProblem = { readonly collection: string; readonly id: string; readonly reason: string };
export type ProblemSink = (problem: RecordProblem) => void;

function describe(error: z.core.$ZodError): string {
  // The code too: zod/mini carries no message locale in the browser, so messages there read "Invalid input".
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message} (${issue.code})`).join('; ');
}

function readRecord<T>(
  schema: z.ZodMiniType<T>,
  collection: string,
  id: string,
  value: unknown,
  report?: ProblemSink,
): T | null {
  const plain = recordToPlain(id, value);
  if (!plain) {
    report?.({ collection, id, reason: 'not a map' });
    return null;
  }
  const parsed = schema.safeParse(plain);
  if (!parsed.success) {
    report?.({ collection, id, reason: describe(parsed.error) });
    return null;
  }
  return parsed.data;
}

export function readOption(id: string, value: unknown, report?: ProblemSink): BoardOption | null {
  return readRecord(optionSchema, 'options', id, value, report);
}

export function readParty(id: string, value: unknown, report?: ProblemSink): Party | null {
  return readRecord(partySchema, 'parties', id, value, report);
}

export function readMeta(doc: Y.Doc, report?: ProblemSink): BoardMeta | null {
  // entries, not toJSON(): toJSON assigns into a plain {}, where a `__proto__` key sets the prototype
  const parsed = boardMetaSchema.safeParse(
    dict([...metaMap(doc).entries()].map(([key, value]) => [key, value instanceof Y.AbstractType ? value.toJSON() : value] as const)),
  );
  if (!parsed.success) {
    // An empty doc (not yet synced) is not a problem worth reporting.
    if (metaMap(doc).size > 0) report?.({ collection: 'meta', id: 'meta', reason: describe(parsed.error) });
    return null;
  }
  return parsed.data;
}

export function readParties(doc: Y.Doc, report?: ProblemSink): Party[] {
  const parties: Party[] = [];
  partiesMap(doc).forEach((value, id) => {
    const party = readParty(id, value, report);
    if (party) parties.push(party);
  });
  return parties.sort(compareByOrder);
}
