/**
 * Errors a user can read. Each has a stable `code` for programs (the HTTP layer maps codes to statuses
 * in one place) and a message written for the person who typed the query or ran the command.
 */

/** Why a query could not be run as typed. */
export type QueryErrorCode = 'empty_query' | 'only_exclusions' | 'invalid_filter';

/** A query that cannot be interpreted; the message says how to fix it. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly code: QueryErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Why an index artifact could not be used. */
export type IndexErrorCode = 'index_missing' | 'index_corrupt' | 'index_version';

/** An index artifact that is missing, damaged or from another format version. */
export class IndexError extends Error {
  override readonly name = 'IndexError';
  constructor(
    readonly code: IndexErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Why a build could not produce an index. */
export type BuildErrorCode = 'seeds_missing' | 'no_articles' | 'build_locked';

/** A build that cannot produce a useful index; nothing is written when it is thrown. */
export class BuildError extends Error {
  override readonly name = 'BuildError';
  constructor(
    readonly code: BuildErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A rebuild on a running server that did not produce a new index; the old one keeps serving. */
export class RebuildError extends Error {
  override readonly name = 'RebuildError';
  readonly code = 'rebuild_failed';
}
