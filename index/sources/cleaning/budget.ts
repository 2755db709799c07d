/**
 * A time budget for cleaning one file. Cleaning is linear in the size of its input, rule by rule, so a
 * real article cleans in milliseconds; the budget is the guard for what no rule foresaw: a file built
 * to make some step slow would otherwise hold up the whole build. The cleaner checks it between lines
 * and stages, and a file over budget is given up with {@link CleaningBudgetExceeded}, which the build
 * turns into a warning naming the file.
 *
 * The clock is injected, so cleaning stays deterministic for a caller that passes none, and tests can
 * run out of time on cue.
 */

/** Thrown by {@link CleaningBudget.check} once the budget is spent. */
export class CleaningBudgetExceeded extends Error {
  override readonly name = 'CleaningBudgetExceeded';
  constructor(readonly budgetMs: number) {
    super(`cleaning took longer than ${budgetMs.toLocaleString('en-US')} ms`);
  }
}

/** Milliseconds of cleaning allowed per file by default: a thousand times what a news article takes. */
export const DEFAULT_CLEANING_BUDGET_MS = 2000;

/** How long cleaning one file may take; {@link check} throws once that time has passed. */
export class CleaningBudget {
  private readonly deadline: number;

  constructor(
    readonly budgetMs: number = DEFAULT_CLEANING_BUDGET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + budgetMs;
  }

  /** Throws {@link CleaningBudgetExceeded} when the budget is spent. Cheap enough to call per line. */
  check(): void {
    if (this.now() > this.deadline) throw new CleaningBudgetExceeded(this.budgetMs);
  }
}

/** What the cleaner needs of a budget: a check to call between lines and stages. */
export type BudgetCheck = Pick<CleaningBudget, 'check'>;

/** A budget that never runs out: cleaning outside a build (tests, tools) has no deadline. */
export const UNLIMITED_BUDGET: BudgetCheck = { check: () => {} };
