/**
 * The retention job, started daily by the Temporal Schedule `vigil-retention`
 * (services/retention-schedule.ts): erases the personal data of every case closed longer ago
 * than its organisation's `retentionYears` (services/erasure.ts says what goes and what
 * stays). Deterministic: "now" is the workflow's clock, passed to the activities, so the
 * cutoff is the one of the scheduled run, also on replay.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createRetentionActivities, ErasureOutcome } from '../activities/retention';
import { logPermanentFailure } from './permanent-failures';

export const RETENTION_SCHEDULE_ID = 'vigil-retention';

const { findCasesPastRetention, eraseCasePastRetention } = proxyActivities<ReturnType<typeof createRetentionActivities>>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '10m' },
});

export interface RetentionSummary {
  /** The instant the cutoffs were computed from. */
  at: string;
  found: number;
  /** Per outcome: erased, already-erased, not-eligible (reopened meanwhile), visit-in-progress (postponed), failed (for good). */
  outcomes: Partial<Record<ErasureOutcome['outcome'] | 'failed', number>>;
}

export async function retentionWorkflow(): Promise<RetentionSummary> {
  const at = new Date().toISOString();
  const candidates = await findCasesPastRetention({ now: at });
  const outcomes: RetentionSummary['outcomes'] = {};
  // One case at a time: the job is not urgent, and the API keeps the database to itself.
  for (const candidate of candidates) {
    // A case that can never be erased (logged) must not hold back the others.
    const outcome = await eraseCasePastRetention(candidate).catch((error: unknown) => {
      logPermanentFailure('case not erased')(error);
      return 'failed' as const;
    });
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { at, found: candidates.length, outcomes };
}
