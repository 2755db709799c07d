/**
 * Argument parsers the benchmark and evaluation commands share (commander calls them with the text
 * typed; a bad value is a usage error, exit code 2).
 */
import { InvalidArgumentError } from 'commander';

/** A whole number of 1 or more. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return n;
}
