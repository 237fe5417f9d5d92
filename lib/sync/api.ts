/**
 * The HTTP API as the browser uses it (docs/api.md is the reference).
 * Responses are validated: the client trusts the network no more than the server does.
 */
import { z } from 'zod';
import type { Phase } from '@/lib/board/schema';

const linkSchema = z.object({ url: z.string().url(), token: z.string().min(1) });

export const createBoardResultSchema = z.object({
  id: z.string(),
  links: z.object({
    facilitator: linkSchema,
    viewer: linkSchema,
    parties: z.array(linkSchema.extend({ partyId: z.string(), name: z.string() })),
  }),
});
export type CreateBoardResult = z.infer<typeof createBoardResultSchema>;

const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

/** An error the API reported, with the field it names (e.g. `parties.1`) when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(body);
    if (parsed.success) {
      const { code, message, field } = parsed.data.error;
      throw new ApiError(response.status, code, message, field);
    }
    throw new ApiError(response.status, 'http_error', `The server answered ${response.status}.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(response.status, 'bad_response', 'The server sent an unexpected answer.');
  return parsed.data;
}

/** @example const board = await createBoard({ title, question, parties: ['Buyer', 'Supplier'] }); */
export function createBoard(input: { title: string; question: string; parties: string[] }): Promise<CreateBoardResult> {
  return request('/api/boards', { method: 'POST', body: JSON.stringify(input) }, createBoardResultSchema);
}

const phaseResultSchema = z.object({ phase: z.string(), phaseChangedAt: z.number() });

/** Facilitator only: the server writes the phase into the state room. */
export async function setPhase(boardId: string, token: string, phase: Phase): Promise<void> {
  await request(
    `/api/boards/${encodeURIComponent(boardId)}/phase`,
    { method: 'POST', body: JSON.stringify({ phase }), headers: { authorization: `Bearer ${token}` } },
    phaseResultSchema,
  );
}
