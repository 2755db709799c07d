/** Validates untrusted request input against a schema, turning the first problem into a 400. */
import type { z } from 'zod';
import { HttpError } from './httpErrors.ts';

/** A single string parameter from the query string ('' when absent or repeated), for lenient pages. */
export function textParameter(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Parses `input` with `schema`; throws a 400 {@link HttpError} naming the first invalid parameter. */
export function parseParameters<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new HttpError(400, 'invalid_parameter', issue?.message ?? 'A parameter is invalid.');
}
