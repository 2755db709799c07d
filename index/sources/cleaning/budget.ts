/**
 * A time budget for cleaning one file. Cleaning is linear in the size of its input, rule by rule, so a
 * real article cleans in milliseconds; the budget is the guard for what no rule foresaw: a file built
 * to make some step slow would otherwise hold up the whole build. The cleaner checks it between lines
 * and stages, and a file over budget is given up with {@link CleaningBudgetExceeded}, which the build
 * turns into a warning naming the file.
 *
 * Time is counted twice, and a file is given up only when both have run out: the wall clock, and the
 * CPU time the process has spent since the file began. On a machine busy with other work, a process
 * can wait seconds for a core; the wall clock alone would then give up ordinary articles (it did, to a
 * test building a one-paragraph page while four builds shared two cores). The CPU clock counts every
 * thread of the process, so with build workers busy it runs ahead of this thread's own time: a file
 * that makes cleaning slow is still given up within about the budget.
 *
 * The clocks are injected, so tests can run out of time on cue.
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

/** The clocks a budget reads, in milliseconds; a single function stands for both. */
export type BudgetClock = (() => number) | { wall: () => number; cpu: () => number };

/**
 * How stale a CPU reading may be. Every file's budget reads the CPU clock when it starts, and that
 * system call cost 80 µs on a busy 2-core machine: 7% of a build's CPU at one read per file. A start
 * read up to this early gives a file at most twice this much less CPU time than its budget.
 */
const CPU_READING_MAX_AGE_MS = 20;
let cpuReading = { atWallMs: Number.NEGATIVE_INFINITY, cpuMs: 0 };

/** Wall time, and the CPU time (user and system) of the whole process, read at most every 20 ms. */
export const REAL_CLOCKS: BudgetClock = {
  wall: () => performance.now(),
  cpu: () => {
    const now = performance.now();
    if (now - cpuReading.atWallMs > CPU_READING_MAX_AGE_MS) {
      const { user, system } = process.cpuUsage();
      cpuReading = { atWallMs: now, cpuMs: (user + system) / 1000 };
    }
    return cpuReading.cpuMs;
  },
};

/** How long cleaning one file may take; {@link check} throws once that time has passed. */
export class CleaningBudget {
  private readonly wall: () => number;
  private readonly cpu: () => number;
  private readonly wallDeadline: number;
  private readonly cpuDeadline: number;

  constructor(
    readonly budgetMs: number = DEFAULT_CLEANING_BUDGET_MS,
    clock: BudgetClock = REAL_CLOCKS,
  ) {
    const clocks = typeof clock === 'function' ? { wall: clock, cpu: clock } : clock;
    this.wall = clocks.wall;
    this.cpu = clocks.cpu;
    this.wallDeadline = this.wall() + budgetMs;
    this.cpuDeadline = typeof clock === 'function' ? this.wallDeadline : this.cpu() + budgetMs;
  }

  /**
   * Throws {@link CleaningBudgetExceeded} when the budget is spent. Cheap enough to call per line: the
   * CPU clock, a system call, is read only once the wall clock has run out.
   */
  check(): void {
    if (this.wall() > this.wallDeadline && this.cpu() > this.cpuDeadline) {
      throw new CleaningBudgetExceeded(this.budgetMs);
    }
  }
}

/** What the cleaner needs of a budget: a check to call between lines and stages. */
export type BudgetCheck = Pick<CleaningBudget, 'check'>;

/** A budget that never runs out: cleaning outside a build (tests, tools) has no deadline. */
export const UNLIMITED_BUDGET: BudgetCheck = { check: () => {} };
