/**
 * Whole case timelines on the time-skipping server. Every figure is written out by hand from
 * docs/reassessment-policy.md, in hours after identification (t0), and every reminder,
 * escalation and urgent alert the case gets is asserted: what the policy says, and nothing else.
 *
 * HIGH: due 7 days (168 h) after an assessment, reminders 12 h before and at the due time,
 * escalation to the coordinator 12 h after it and to the chain 24 h after it; 6 h and 12 h when
 * the deadline is set by an event (a hearing, a release: policy version 2).
 */
import type { Stage } from '../../domain/case-events';
import type { RuleName, Schedule } from '../../domain/policy';
import { caseScheduleQuery, caseStateQuery, caseTimelineQuery, caseUpdates } from '../../workflows/case-messages';
import { acknowledgeAlertSignal, alertStatusQuery } from '../../workflows/urgent-alert';
import {
  alertsOf,
  byContact,
  assessCriticalCaseDaily,
  criticalCadenceNotices,
  expectOnTime,
  hoursAfter,
  noticesOf,
  openCase,
  type Notice,
  type OpenedCase,
} from '../support/case-scenarios';
import { DAY, HOUR, sleepUntil } from '../support/time-skipping';
import { recordHistory } from '../support/histories';
import { startTestbed, type Testbed } from '../support/recording-worker';

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed('case-timeline-test');
});
afterAll(() => bed?.teardown());

/** Something recorded on the case; resolves to the schedule that results. */
type Step = (c: OpenedCase) => Promise<Schedule>;
const iso = (c: OpenedCase, hours: number) => new Date(c.t0 + hours * HOUR).toISOString();
const assessed: Step = ({ handle }) =>
  handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel: 'HIGH', measures: ['SAFETY_PLAN'] }] });
const stageChanged =
  (stage: Exclude<Stage, 'CLOSED'>): Step =>
  ({ handle }) =>
    handle.executeUpdate(caseUpdates.stageChanged, { args: [{ stage }] });
const hearingScheduled =
  (hours: number): Step =>
  (c) =>
    c.handle.executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'h1', kind: 'MAIN', at: iso(c, hours) }] });
const hearingMoved =
  (hours: number): Step =>
  (c) =>
    c.handle.executeUpdate(caseUpdates.hearingMoved, { args: [{ hearingId: 'h1', at: iso(c, hours) }] });
const hearingHeld: Step = ({ handle }) => handle.executeUpdate(caseUpdates.hearingHeld, { args: [{ hearingId: 'h1' }] });
const perpetrator =
  (status: 'RELEASED' | 'DETAINED'): Step =>
  ({ handle }) =>
    handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status }] });
const caseClosed: Step = ({ handle }) => handle.executeUpdate(caseUpdates.caseClosed, { args: [{}] });
/** Handles of the urgent alerts the case raised, from its timeline. */
async function raisedAlerts({ handle }: OpenedCase) {
  const timeline = await handle.query(caseTimelineQuery);
  return timeline.filter((e) => e.kind === 'alert.raised').map((e) => bed.env.client.workflow.getHandle(String(e.detail.alertId)));
}
/** The contact acknowledges the case's first urgent alert by SMS. */
const alertAcknowledgedBy =
  (contactId: string): Step =>
  async (c) => {
    const [alert] = await raisedAlerts(c);
    await alert.signal(acknowledgeAlertSignal, { by: contactId, via: 'sms' });
    return c.handle.query(caseScheduleQuery);
  };

/** Records each step at its hour after t0, then expects the due times and rules the script gives. */
async function play(c: OpenedCase, script: readonly (readonly [number, Step, number | null, RuleName | null])[]) {
  const results = [];
  for (const [hours, step] of script) {
    await sleepUntil(bed.env, c.t0 + hours * HOUR);
    const { dueAt, rule } = await step(c);
    results.push([hours, dueAt === null ? null : hoursAfter(c.t0, dueAt), rule]);
  }
  expectOnTime(
    results,
    script.map(([hours, , due, rule]) => [hours, due, rule]),
  );
}

test('identification to release and re-arrest: each reminder, escalation and alert when the policy says, and no other', async () => {
  const c = await openCase(bed, 'HIGH', ['police-1', 'lawyer-1']);
  // [hours after t0, what is recorded, then the due time (hours after t0) and rule the policy gives]
  // Opened HIGH at 0: new-case due at 24. Nobody answers the reminders at 12 and 24, so the
  // coordinator is told at 36; the assessment at 40 stops the chain escalation due at 48.
  await play(c, [
    [40, assessed, 40 + 168, 'base'],
    [41, stageChanged('PROTECTION'), 208, 'base'],
    // Hearing on day 30 (720): its windows open at 720 - 14 d = 384, after the base deadline.
    [100, hearingScheduled(720), 208, 'base'],
    [101, stageChanged('PROCEEDINGS'), 208, 'base'],
    // 1 h after the reminder at 196. hearing-weekly would give max(384, 197 + 168) = 384.
    [197, assessed, 197 + 168, 'base'],
    // Moved forward to 400: daily from 400 - 72 = 328; pre-hearing would give 400 - 24 = 376.
    // The reminder at 353 for the old deadline must not come.
    [300, hearingMoved(400), 328, 'hearing-daily'],
    // From here the caseworker assesses 1 h after each first reminder (at due - 12 h).
    // At 317 it is before 328 (hearing - 3 d): not yet the pre-hearing assessment.
    [317, assessed, 317 + 24, 'hearing-daily'],
    [330, assessed, 354, 'hearing-daily'], // the pre-hearing assessment: no alert 24 h before the hearing
    [343, assessed, 367, 'hearing-daily'],
    [356, assessed, 380, 'hearing-daily'],
    [369, assessed, 393, 'hearing-daily'],
    [382, assessed, 406, 'hearing-daily'],
    [395, assessed, 419, 'hearing-daily'],
    // The hearing took place at 400. Debrief due at 424, later than the daily rule's 419.
    [404, hearingHeld, 419, 'hearing-daily'],
    // The debrief: 408 + 24 = 432 falls outside the daily window (ends at 424); back to base.
    [408, assessed, 408 + 168, 'base'],
    [410, stageChanged('POST_TRIAL'), 576, 'base'], // the verdict
    // Released: due at once (release-immediate), urgent alert to police-1, then lawyer-1 after 5 minutes.
    [500, perpetrator('RELEASED'), 500, 'release-immediate'],
    [500 + 7 / 60, alertAcknowledgedBy('lawyer-1'), 500, 'release-immediate'],
    [501, assessed, 501 + 24, 'release-daily'],
    [514, assessed, 538, 'release-daily'],
    // The caseworker misses a day: reminders at 526 and 538; a deadline the release sets escalates
    // after min(12 h, 6 h): coordinator at 544, chain at 550.
    [565, assessed, 589, 'release-daily'],
    [578, assessed, 602, 'release-daily'],
    // Back in custody: the release windows end at 580, so the daily deadline at 602 goes.
    [580, perpetrator('DETAINED'), 578 + 168, 'base'],
    [735, assessed, 903, 'base'],
    [740, caseClosed, null, null],
  ]);
  // Nothing more for a closed case: wait until day 90.
  await sleepUntil(bed.env, c.t0 + 90 * DAY);

  const toCaseworker = 'reminder → worker-1';
  const toCoordinator = 'escalation → coord-1';
  const toChain = 'escalation → coord-1, duty-1, admin-1';
  expectOnTime(noticesOf(bed.calls, c), [
    [12, toCaseworker, 24, 'new-case'],
    [24, toCaseworker, 24, 'new-case'],
    [36, toCoordinator, 24, 'new-case'],
    [196, toCaseworker, 208, 'base'],
    [316, toCaseworker, 328, 'hearing-daily'],
    [329, toCaseworker, 341, 'hearing-daily'],
    [342, toCaseworker, 354, 'hearing-daily'],
    [355, toCaseworker, 367, 'hearing-daily'],
    [368, toCaseworker, 380, 'hearing-daily'],
    [381, toCaseworker, 393, 'hearing-daily'],
    [394, toCaseworker, 406, 'hearing-daily'],
    [407, toCaseworker, 419, 'hearing-daily'],
    // Both reminders (488 and 500) are due when the release is recorded: one is sent.
    [500, toCaseworker, 500, 'release-immediate'],
    [513, toCaseworker, 525, 'release-daily'],
    [526, toCaseworker, 538, 'release-daily'],
    [538, toCaseworker, 538, 'release-daily'],
    [544, toCoordinator, 538, 'release-daily'],
    [550, toChain, 538, 'release-daily'],
    [577, toCaseworker, 589, 'release-daily'],
    [734, toCaseworker, 746, 'base'],
  ] satisfies Notice[]);
  // The only urgent alert is the release; lawyer-1's acknowledgement stops the chain.
  expectOnTime(alertsOf(bed.calls, c), [
    [500, 'police-1', 'perpetrator.released'],
    [500 + 5 / 60, 'lawyer-1', 'perpetrator.released'],
  ]);

  const timeline = await c.handle.query(caseTimelineQuery);
  expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i));
  const assessment = 'assessment.completed';
  expect(timeline.map((e) => e.kind).filter((kind) => !/^(reminder|escalation)\./.test(kind))).toEqual([
    'case.opened',
    ...[assessment, 'stage.changed', 'hearing.scheduled', 'stage.changed', assessment, 'hearing.moved'],
    ...Array(7).fill(assessment),
    ...['hearing.held', assessment, 'stage.changed', 'perpetrator.status', 'alert.raised'],
    ...Array(4).fill(assessment),
    ...['perpetrator.status', assessment, 'case.closed'],
  ]);
  const [alert] = await raisedAlerts(c);
  expect(await alert.query(alertStatusQuery)).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgement: { by: 'lawyer-1', via: 'sms' } });
  const { record } = await c.handle.query(caseStateQuery);
  expect(record).toMatchObject({ stage: 'CLOSED', stageBeforeClosure: 'POST_TRIAL', riskLevel: 'HIGH' });
  expect(record.hearings).toEqual([{ id: 'h1', at: iso(c, 400), kind: 'MAIN', status: 'HELD' }]);

  await recordHistory(c.handle, 'case-lifecycle-answer-before-alert');
  await recordHistory(alert, 'urgent-alert-acknowledged');
});

test('a hearing within 24 hours without a pre-hearing assessment alerts the caseworker and the coordinator, not the designated contacts; with one, nobody', async () => {
  const prepared = await openCase(bed, 'HIGH', ['police-1']);
  const unprepared = await openCase(bed, 'HIGH', ['police-1']);
  // Both assessed at 1 (due 169), then a hearing at 100: daily window from 100 - 72 = 28;
  // the pre-hearing assessment (from 28 on) is due by 100 - 24 = 76. The assessment at 1 is older.
  for (const step of [
    [1, assessed, 169, 'base'],
    [2, hearingScheduled(100), 28, 'hearing-daily'],
  ] as const) {
    for (const c of [prepared, unprepared]) await play(c, [step]);
  }
  await play(prepared, [[30, assessed, 54, 'hearing-daily']]);
  await sleepUntil(bed.env, Math.max(prepared.t0, unprepared.t0) + 100 * HOUR);

  expect(alertsOf(bed.calls, prepared)).toEqual([]);
  // Checked at 76: caseworker and coordinator together, repeated twice 5 minutes apart, then the coordinator.
  expectOnTime(alertsOf(bed.calls, unprepared).sort(byContact), [
    [76, 'coord-1', 'hearing.unprepared'],
    [76, 'worker-1', 'hearing.unprepared'],
    [76 + 5 / 60, 'coord-1', 'hearing.unprepared'],
    [76 + 5 / 60, 'worker-1', 'hearing.unprepared'],
    [76 + 10 / 60, 'coord-1', 'hearing.unprepared'],
    [76 + 10 / 60, 'worker-1', 'hearing.unprepared'],
    [76 + 15 / 60, 'coord-1', 'hearing.unprepared.unacknowledged'],
  ]);
  // The reassessment deadlines run their course meanwhile, alerts or not; set by the hearing, they
  // escalate 6 h and 12 h after they pass.
  expectOnTime(noticesOf(bed.calls, prepared), [
    [16, 'reminder → worker-1', 28, 'hearing-daily'],
    [28, 'reminder → worker-1', 28, 'hearing-daily'],
    [42, 'reminder → worker-1', 54, 'hearing-daily'],
    [54, 'reminder → worker-1', 54, 'hearing-daily'],
    [60, 'escalation → coord-1', 54, 'hearing-daily'],
    [66, 'escalation → coord-1, duty-1, admin-1', 54, 'hearing-daily'],
  ]);
  expectOnTime(noticesOf(bed.calls, unprepared), [
    [16, 'reminder → worker-1', 28, 'hearing-daily'],
    [28, 'reminder → worker-1', 28, 'hearing-daily'],
    [34, 'escalation → coord-1', 28, 'hearing-daily'],
    [40, 'escalation → coord-1, duty-1, admin-1', 28, 'hearing-daily'],
  ]);

  const alerts = await raisedAlerts(unprepared);
  expect(alerts).toHaveLength(1);
  expect(await alerts[0].query(alertStatusQuery)).toMatchObject({ state: 'UNACKNOWLEDGED', acknowledgement: null });
  await recordHistory(alerts[0], 'urgent-alert-unacknowledged');
});

test('a CRITICAL case assessed on time every day: one reminder a day and never an escalation', async () => {
  const c = await openCase(bed, 'CRITICAL', ['police-1']);
  // Assessed at 23, 46, ... 713 h: the 31 assessments of 30 days.
  const assessments = await assessCriticalCaseDaily(bed, c, 30);
  expect(assessments).toBe(31);
  await sleepUntil(bed.env, c.t0 + 30 * DAY);
  expectOnTime(noticesOf(bed.calls, c), criticalCadenceNotices(31));
  expect(alertsOf(bed.calls, c)).toEqual([]);
});
