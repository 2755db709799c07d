/**
 * Whether two runs on the same queries really differ: a paired randomization (permutation) test, the
 * test Smucker, Allan and Carterette (CIKM 2007) recommend for IR evaluation. Under the null hypothesis
 * the two systems are interchangeable, so each query's difference B − A is as likely to have had the
 * other sign; the p-value is the share of random sign assignments whose mean difference is at least as
 * far from 0 as the one observed. Seeded, so the same inputs always give the same p-value.
 */
import { Rng } from './benchRandom.ts';

/** How many random sign assignments, and from which seed. */
export interface RandomizationOptions {
  rounds: number;
  seed: number;
}

export const defaultRandomizationOptions: RandomizationOptions = { rounds: 10_000, seed: 15 };

/** The outcome of {@link pairedRandomizationTest}. */
export interface PairedTestResult {
  queries: number;
  meanA: number;
  meanB: number;
  /** meanB − meanA. */
  difference: number;
  /** Two-sided p-value, in (0, 1]. */
  p: number;
  /** Queries where B scored higher, lower, the same. */
  wins: number;
  losses: number;
  ties: number;
  rounds: number;
  seed: number;
}

/**
 * Paired two-sided randomization test of per-query scores `a` and `b` (same queries, same order).
 * p = (1 + rounds whose |Σ ±dᵢ| ≥ |Σ dᵢ|) / (1 + rounds): counting the observed assignment itself keeps
 * a Monte Carlo p-value from being 0, and identical runs give exactly 1.
 *
 * @example pairedRandomizationTest([0.2, 0.5], [0.2, 0.5]).p // 1
 */
export function pairedRandomizationTest(
  a: readonly number[],
  b: readonly number[],
  options: RandomizationOptions = defaultRandomizationOptions,
): PairedTestResult {
  if (a.length !== b.length) throw new Error(`paired test: ${a.length} scores against ${b.length}`);
  const { rounds, seed } = options;
  const n = a.length;
  const differences = b.map((score, i) => score - (a[i] ?? 0));
  const observed = Math.abs(sum(differences));
  // Sums of the same numbers in another order can differ in the last bits; that is not "more extreme".
  const tolerance = 1e-9 * sum(differences.map(Math.abs));
  const rng = new Rng(seed);
  let extreme = 0;
  for (let round = 0; round < rounds; round += 1) {
    let total = 0;
    for (const difference of differences) total += rng.next() < 0.5 ? -difference : difference;
    if (Math.abs(total) >= observed - tolerance) extreme += 1;
  }
  const meanA = n === 0 ? 0 : sum(a) / n;
  const meanB = n === 0 ? 0 : sum(b) / n;
  return {
    queries: n,
    meanA,
    meanB,
    difference: meanB - meanA,
    p: (extreme + 1) / (rounds + 1),
    wins: differences.filter((d) => d > 0).length,
    losses: differences.filter((d) => d < 0).length,
    ties: differences.filter((d) => d === 0).length,
    rounds,
    seed,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
