/**
 * A year of the CRITICAL daily cadence keeps the case workflow's history bounded: the workflow
 * continues as new when the server suggests it, and the case comes through unchanged.
 */
import { caseScheduleQuery, caseStateQuery, caseTimelineQuery, caseUpdates } from '../../workflows/case-messages';
import {
  assessCriticalCaseDaily,
  criticalCadenceNotices,
  DAY,
  expectWithinASecond,
  hoursAfter,
  noticesOf,
  openCase,
  runHistories,
  startTestbed,
  type Testbed,
} from '../support/temporal';

/**
 * The server suggests continue-as-new from the workflow task that starts at event 4,096
 * (Temporal's default limit.historyCount.suggestContinueAsNew, which the test server follows too);
 * the workflow continues as new before it next waits, so a run ends within that task's commands:
 * fewer than the 16 events a whole day of the cadence writes (npm run bench:history).
 */
const SUGGESTED_AT = 4_096;
const RUN_BOUND = SUGGESTED_AT + 16;

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed('continue-as-new-test');
});
afterAll(() => bed?.teardown());

test('a year at CRITICAL daily cadence continues as new with bounded history, and the case survives it', async () => {
  const c = await openCase(bed, 'CRITICAL', ['police-1']);
  // A hearing beyond the year: state that must come through every continue-as-new untouched.
  const hearingAt = new Date(c.t0 + 400 * DAY).toISOString();
  await c.handle.executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'appeal', at: hearingAt, kind: 'APPEAL' }] });

  // Assessed at 23 h, 46 h, ... 8,740 h: 380 assessments within 365 days.
  const assessments = await assessCriticalCaseDaily(bed, c, 365);
  expect(assessments).toBe(380);

  const runs = await runHistories(bed.env.client, c.handle.workflowId, c.handle.firstExecutionRunId);
  expect(runs.length).toBeGreaterThanOrEqual(2);
  expect((await c.handle.describe()).runId).not.toBe(c.handle.firstExecutionRunId);
  for (const run of runs) expect(run.events!.length).toBeLessThanOrEqual(RUN_BOUND);
  // Every run but the latest ended by continuing as new, none by failing.
  for (const run of runs.slice(0, -1)) expect(run.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();

  // The caseworker saw exactly the cadence: no reminder lost or repeated, no escalation, across runs.
  expectWithinASecond(noticesOf(bed.calls, c), criticalCadenceNotices(380));

  const { record, contacts } = await c.handle.query(caseStateQuery);
  expect(contacts).toEqual({ caseworkerId: 'worker-1', coordinatorId: 'coord-1', designatedContactIds: ['police-1'] });
  expect(record.riskLevel).toBe('CRITICAL');
  expect(record.hearings).toEqual([{ id: 'appeal', at: hearingAt, kind: 'APPEAL', status: 'SCHEDULED' }]);
  expectWithinASecond([[hoursAfter(c.t0, record.lastAssessment!.at)]], [[380 * 23]]);
  expectWithinASecond([[hoursAfter(c.t0, (await c.handle.query(caseScheduleQuery)).dueAt!)]], [[380 * 23 + 24]]);

  // The timeline's numbering runs on without a gap or a repeat: in SQL (every entry written) and
  // in the entries the latest run keeps for queries.
  const written = bed.calls
    .filter((call) => call.name === 'recordCaseTimeline' && call.input.caseId === c.caseId)
    .map((call) => call.input.entry.seq);
  expect(written).toEqual(written.map((_, i) => i));
  // case.opened, hearing.scheduled, then a reminder and an assessment a day.
  expect(written).toHaveLength(2 + 2 * 380);
  // The workflow keeps the latest 500, more than the latest run wrote: the carried ones came through.
  const kept = (await c.handle.query(caseTimelineQuery)).map((e) => e.seq);
  expect(kept).toEqual(written.slice(-500));
});
