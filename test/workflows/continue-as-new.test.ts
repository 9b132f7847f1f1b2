/**
 * A year of the CRITICAL daily cadence keeps the case workflow's history bounded: the workflow
 * continues as new when the server suggests it, and the case comes through unchanged.
 */
import { caseScheduleQuery, caseStateQuery, caseTimelineQuery, caseUpdates } from '../../workflows/case-messages';
import { assessCriticalCaseDaily, criticalCadenceNotices, expectOnTime, hoursAfter, noticesOf, openCase } from '../support/case-scenarios';
import { DAY, sleepUntil } from '../support/time-skipping';
import { runHistories } from '../support/histories';
import { startTestbed, type Testbed } from '../support/recording-worker';

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
  expectOnTime(noticesOf(bed.calls, c), criticalCadenceNotices(380));

  const { record, contacts } = await c.handle.query(caseStateQuery);
  expect(contacts).toEqual({ caseworkerId: 'worker-1', coordinatorId: 'coord-1', designatedContactIds: ['police-1'] });
  expect(record.riskLevel).toBe('CRITICAL');
  expect(record.hearings).toEqual([{ id: 'appeal', at: hearingAt, kind: 'APPEAL', status: 'SCHEDULED' }]);
  expectOnTime([[hoursAfter(c.t0, record.lastAssessment!.at)]], [[380 * 23]]);
  expectOnTime([[hoursAfter(c.t0, (await c.handle.query(caseScheduleQuery)).dueAt!)]], [[380 * 23 + 24]]);

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

test('a LOW case open for five years, assessed every 28 days: the monthly cadence holds to the end', async () => {
  const c = await openCase(bed, 'LOW');
  // LOW: due 30 days after each assessment, reminded 24 h before; assessed on day 28 each time.
  let assessments = 0;
  for (let day = 28; day <= 5 * 365; day += 28) {
    await sleepUntil(bed.env, c.t0 + day * DAY);
    await c.handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel: 'LOW', measures: [] }] });
    assessments++;
  }
  expect(assessments).toBe(65);
  await sleepUntil(bed.env, c.t0 + (65 * 28 + 35) * DAY);
  // The new-case deadline (day 1) went unmet: reminders at 0 and 1, the coordinator at 3, the
  // organisation (the coordinator, the duty coordinator and the admins) at 5. Then nothing for
  // five years of assessments made on time, until the last one's deadline lapses: reminders at
  // 1,849 and 1,850, the coordinator at 1,852 and the organisation at 1,854.
  const sent = noticesOf(bed.calls, c).map(([at, what]) => [Math.round(at / 24), what]);
  expect(sent).toEqual([
    [0, 'reminder → worker-1'],
    [1, 'reminder → worker-1'],
    [3, 'escalation → coord-1'],
    [5, 'escalation → coord-1, duty-1, admin-1'],
    [65 * 28 + 29, 'reminder → worker-1'],
    [65 * 28 + 30, 'reminder → worker-1'],
    [65 * 28 + 32, 'escalation → coord-1'],
    [65 * 28 + 34, 'escalation → coord-1, duty-1, admin-1'],
  ]);
});
