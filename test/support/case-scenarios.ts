/** Cases run on the testbed (recording-worker.ts), and the reminders and alerts they sent, as the tests write them out. */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { RiskLevel } from '../../domain/case-facts';
import { caseLifecycleWorkflow } from '../../workflows';
import { caseUpdates, caseWorkflowId } from '../../workflows/case-messages';
import { DAY, HOUR, ON_TIME_MS, sleepUntil } from './time-skipping';
import type { RecordedCall, Testbed } from './recording-worker';

export interface OpenedCase {
  handle: WorkflowHandleWithFirstExecutionRunId<typeof caseLifecycleWorkflow>;
  caseId: string;
  caseCode: string;
  /** Identification time, a whole second: the origin of every figure the tests write out. */
  t0: number;
}

let caseNumber = 0;
/**
 * Opens a case identified now, worked by `worker-1` and coordinated by `coord-1`. Started, not
 * executed: `env.sleep` can hang on a parent started with `execute` once it has children.
 */
export async function openCase(bed: Testbed, riskLevel: RiskLevel, designatedContactIds: string[] = []): Promise<OpenedCase> {
  const t0 = Math.ceil((await bed.env.currentTimeMs()) / 1000) * 1000;
  const caseId = `case-${++caseNumber}-${t0}`;
  const caseCode = `BG-${caseNumber}`;
  // Each designated contact a level of its own, 5 minutes each, the chain walked 1 + 2 times.
  bed.chains.set(caseId, {
    levels: designatedContactIds.map((id) => ({ contactIds: [id], timeoutMs: 5 * 60_000 })),
    repeats: 2,
    coordinatorIds: ['coord-1'],
  });
  const handle = await bed.env.client.workflow.start(caseLifecycleWorkflow, {
    taskQueue: bed.taskQueue,
    workflowId: caseWorkflowId('org-1', caseId),
    args: [
      {
        caseId,
        organisationId: 'org-1',
        caseCode,
        identifiedAt: new Date(t0).toISOString(),
        riskLevel,
        contacts: { caseworkerId: 'worker-1', coordinatorId: 'coord-1', designatedContactIds },
      },
    ],
  });
  return { handle, caseId, caseCode, t0 };
}

export const hoursAfter = (t0: number, iso: string): number => (Date.parse(iso) - t0) / HOUR;

/** A reminder or escalation as the tests write it out: [hours after t0, what went to whom, due (hours after t0), rule]. */
export type Notice = [at: number, sent: string, due: number, rule: string | null];

/** Every reminder and escalation sent for the case, in order. */
export function noticesOf(calls: RecordedCall[], { caseId, t0 }: OpenedCase): Notice[] {
  return calls
    .filter((c) => c.name === 'notifyReassessmentDue' && c.input.caseId === caseId)
    .map((c) => [hoursAfter(t0, c.at), `${c.input.kind} → ${c.input.recipients.join(', ')}`, hoursAfter(t0, c.input.dueAt), c.input.rule]);
}

/**
 * Every urgent alert SMS sent for the case, in order: [hours after t0, contact, trigger]; the
 * coordinator's "nobody acknowledged" message shows as `<trigger>.unacknowledged`. (Each SMS has
 * its email twin on channel 'email'.)
 */
export function alertsOf(calls: RecordedCall[], c: OpenedCase, channel: 'sms' | 'email' = 'sms'): [number, string, string][] {
  return calls
    .filter((call) => call.name === 'deliverToContact' && call.input.caseCode === c.caseCode && call.input.channel === channel)
    .map(({ at, input }) => [
      hoursAfter(c.t0, at),
      input.contactId,
      input.kind === 'unacknowledged' ? `${input.trigger}.unacknowledged` : input.trigger,
    ]);
}

/** Orders alerts sent together (within a second) by contact: a level's messages go out in any order. */
export const byContact = (a: [number, string, string], b: [number, string, string]): number =>
  Math.round((a[0] - b[0]) * 3600) || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]);

/**
 * Expects rows whose numbers count `unitMs` (hours by default) after t0, allowing ON_TIME_MS
 * either way (see time-skipping.ts). Close numbers are shown as expected, so a failure diffs only
 * real changes.
 */
export function expectOnTime(
  actual: readonly (readonly unknown[])[],
  expected: readonly (readonly unknown[])[],
  unitMs: number = HOUR,
): void {
  const close = (a: unknown, e: unknown) => typeof a === 'number' && typeof e === 'number' && Math.abs(a - e) * unitMs < ON_TIME_MS;
  expect(actual.map((row, i) => row.map((value, j) => (close(value, expected[i]?.[j]) ? expected[i][j] : value)))).toEqual(expected);
}

/**
 * A CRITICAL case assessed on time every day: the caseworker records the assessment 1 h after
 * each first reminder. CRITICAL is due 24 h after an assessment with a 2 h lead, so the reminder
 * comes 22 h after it and the next assessment 23 h after it: at t0 + 23 h, 46 h, 69 h, ...
 * Returns how many assessments were recorded within `days` of identification.
 */
export async function assessCriticalCaseDaily(bed: Testbed, { handle, t0 }: OpenedCase, days: number): Promise<number> {
  let count = 0;
  for (let at = t0 + 23 * HOUR; at <= t0 + days * DAY; at += 23 * HOUR) {
    await sleepUntil(bed.env, at);
    await handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel: 'CRITICAL', measures: ['DAILY_CHECK_IN'] }] });
    count++;
  }
  return count;
}

/**
 * What assessCriticalCaseDaily's caseworker receives for `assessments` assessments: one reminder
 * 2 h before each deadline (22 h after identification, then 22 h after each assessment), never a
 * second reminder, never an escalation.
 */
export function criticalCadenceNotices(assessments: number): Notice[] {
  return Array.from({ length: assessments }, (_, k) => [22 + 23 * k, 'reminder → worker-1', 24 + 23 * k, k === 0 ? 'new-case' : 'base']);
}
