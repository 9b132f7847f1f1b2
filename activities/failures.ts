/**
 * Which activity errors no retry can heal, in one place. Temporal retries an activity until it
 * succeeds; for a value PostgreSQL refuses (NUL in a text, a number out of range, a missing
 * required value) that is forever, and the workflow waiting on it is stuck. Every activity the
 * worker registers is wrapped here: such an error becomes a non-retryable ApplicationFailure
 * (named, without the data the database's message may quote), the workflow records it and goes
 * on (workflows/permanent-failures.ts). Everything else keeps retrying: a database that is down,
 * a deadlock, a unique or foreign-key violation a concurrent write may resolve.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Prisma } from '../generated/prisma/client';
import { InvalidInputError } from '../domain/case-facts';
import type { Logger } from '../platform/logger';

export const PERMANENT_ACTIVITY_FAILURE = 'PermanentActivityFailure';

/** Prisma's own codes for values a query can never store or use (P2000 too long, P2007 invalid, ...). */
const PRISMA_DATA_ERRORS = new Set(['P2000', 'P2005', 'P2006', 'P2007', 'P2009', 'P2011', 'P2012', 'P2019', 'P2020', 'P2023', 'P2033']);
/** Integrity violations that hold whatever else happens: NOT NULL, CHECK. */
const PERMANENT_INTEGRITY = new Set(['23502', '23514']);

/** The SQLSTATE behind a Prisma error raised by the driver adapter, if any. */
function sqlStateOf(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: unknown } } | undefined)?.cause;
  return typeof cause?.originalCode === 'string' ? cause.originalCode : undefined;
}

/** Why `error` can never heal by retrying (a short name, no data), or null when it may. */
export function permanentCause(error: unknown): string | null {
  if (error instanceof InvalidInputError) return `invalid input (${error.field})`;
  if (error instanceof Prisma.PrismaClientValidationError) return 'invalid query arguments';
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const state = sqlStateOf(error);
  // Class 22: data exceptions (invalid text encoding, value too long, out of range, bad syntax).
  if (state?.startsWith('22') || (state && PERMANENT_INTEGRITY.has(state))) return `SQLSTATE ${state}`;
  return PRISMA_DATA_ERRORS.has(error.code) ? `Prisma ${error.code}` : null;
}

/** The workflow that ran the activity; none when called outside one (a test calling it directly). */
function workflowIdOf(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}

type AnyActivity = (...args: never[]) => Promise<unknown>;

/** The activities, each turning a permanent error into a non-retryable failure, logged once. */
export function failingForGood<T extends Record<string, AnyActivity>>(activities: T, log: Logger): T {
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        const cause = error instanceof ApplicationFailure ? null : permanentCause(error);
        if (!cause) throw error;
        log.error({ activity: name, workflowId: workflowIdOf(), cause }, 'activity cannot succeed: failed without retrying');
        throw ApplicationFailure.nonRetryable(`${name} cannot succeed: ${cause}`, PERMANENT_ACTIVITY_FAILURE);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
