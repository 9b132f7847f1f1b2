/**
 * The deadlines ahead, for people to plan with: the series the policy gives if every
 * reassessment were done exactly when due and changed nothing else. Pure, like the policy.
 */
import { CaseFacts, instantMs, isoInstant } from './case-facts';
import { computeSchedule, DEFAULT_POLICY, type Policy, type Schedule } from './policy';

/** A projected deadline; `overdue` only for the one in force, when it has passed. */
export type ProjectedDeadline = Schedule & { dueAt: string; overdue: boolean };

/** Enough for a CRITICAL case's daily deadlines over a quarter, plus every one-off rule. */
const MAX_DEADLINES = 200;

/**
 * The deadlines due up to `untilMs`, first the one in force (overdue when before `nowMs`: then
 * assumed done now), then each following one as if the assessment before it was done at its due
 * time, at the same risk level. None for a closed case.
 */
export function projectSchedule(facts: CaseFacts, nowMs: number, untilMs: number, policy: Policy = DEFAULT_POLICY): ProjectedDeadline[] {
  const deadlines: ProjectedDeadline[] = [];
  let current = facts;
  while (deadlines.length < MAX_DEADLINES) {
    const schedule = computeSchedule(current, policy);
    if (schedule.dueAt === null) break;
    const due = instantMs(schedule.dueAt);
    if (due > untilMs) break;
    deadlines.push({ ...schedule, dueAt: schedule.dueAt, overdue: due < nowMs });
    // The policy's invariant 6 (due after the last assessment) makes every step move forward.
    current = { ...current, lastAssessmentAt: isoInstant(Math.max(due, nowMs)) };
  }
  return deadlines;
}
