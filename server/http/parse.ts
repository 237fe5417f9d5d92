/**
 * Request validation: a body or query checked against a zod schema, refused
 * with 422 `invalid_field` naming the first failing field (`body` for the
 * whole). An HTTP concern (what the API answers for bad input), shared by
 * every route, facilitation's included.
 */
import type { z } from 'zod';
import { HttpError } from './respond';

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new HttpError(422, 'invalid_field', `${field}: ${issue.message}`, field);
}
