/**
 * The organisation's self-assessment workflow on the time-skipping server: reminders and overdue
 * escalation at exact times (written out by hand from domain/self-assessment.ts, within the
 * second the server needs to run a workflow task after a timer fires).
 */
import {
  selfAssessmentScheduleQuery,
  selfAssessmentUpdates,
  selfAssessmentWorkflow,
  selfAssessmentWorkflowId,
} from '../../workflows/self-assessment';
import { DAY, HOUR, sleepUntil } from '../support/time-skipping';
import { expectOnTime } from '../support/case-scenarios';
import { startTestbed, type Testbed } from '../support/recording-worker';

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed('self-assessment-test');
});
afterAll(() => bed?.teardown());

let organisations = 0;
/** An organisation's schedule started now (a whole minute, t0: quiet hours are in minutes), monthly. */
async function startSchedule() {
  const t0 = Math.ceil((await bed.env.currentTimeMs()) / 60_000) * 60_000;
  const organisationId = `org-sa-${++organisations}`;
  const handle = await bed.env.client.workflow.start(selfAssessmentWorkflow, {
    taskQueue: bed.taskQueue,
    workflowId: selfAssessmentWorkflowId(organisationId),
    args: [{ organisationId, intervalDays: 30, last: null, since: new Date(t0).toISOString() }],
  });
  return { handle, organisationId, t0 };
}

/** Reminders and escalations of one organisation: [hours after t0, kind → recipients, due (hours after t0), level]. */
function noticesOf(organisationId: string, t0: number) {
  const hours = (iso: string) => (Date.parse(iso) - t0) / HOUR;
  return bed.calls
    .filter((c) => c.name === 'notifyReassessmentDue' && c.input.organisationId === organisationId)
    .map((c) => [hours(c.at), `${c.input.kind} → ${c.input.recipients.join(', ')}`, hours(c.input.dueAt), c.input.riskLevel]);
}

test('nobody self-assesses: reminders to coordinators and admins, then the admins, then the duty coordinator, each once', async () => {
  const { handle, organisationId, t0 } = await startSchedule();
  // Due 30 days after the start; before the first self-assessment LOW's lead (24 h) and grace (48 h).
  expect((await handle.query(selfAssessmentScheduleQuery)).dueAt).toBe(new Date(t0 + 30 * DAY).toISOString());

  await bed.env.sleep(40 * DAY);
  expectOnTime(noticesOf(organisationId, t0), [
    [696, 'reminder → coord-1, admin-1', 720, null],
    [720, 'reminder → coord-1, admin-1', 720, null],
    [768, 'escalation → admin-1', 720, null],
    [816, 'escalation → admin-1, duty-1', 720, null],
  ]);
  // No case: the activity picks the self-assessment texts.
  expect(
    bed.calls
      .filter((c) => c.name === 'notifyReassessmentDue' && c.input.organisationId === organisationId)
      .every((c) => c.input.caseId === undefined),
  ).toBe(true);
});

test('a self-assessment moves the deadline; a HIGH organisation is reminded 12 h before and escalated 12 h after; a new interval applies at once', async () => {
  const { handle, organisationId, t0 } = await startSchedule();
  await sleepUntil(bed.env, t0 + 10 * DAY);
  const recordedAt = new Date(t0 + 10 * DAY).toISOString();
  const afterRecord = await handle.executeUpdate(selfAssessmentUpdates.recorded, { args: [{ at: recordedAt, riskLevel: 'HIGH' }] });
  expect(afterRecord).toEqual({
    dueAt: new Date(t0 + 40 * DAY).toISOString(),
    riskLevel: 'HIGH',
    intervalDays: 30,
    lastAt: recordedAt,
    remindAt: [new Date(t0 + 40 * DAY - 12 * HOUR).toISOString(), new Date(t0 + 40 * DAY).toISOString()],
    escalateAt: [
      { at: new Date(t0 + 40 * DAY + 12 * HOUR).toISOString(), to: 'admins' },
      { at: new Date(t0 + 41 * DAY).toISOString(), to: 'admins-and-duty-coordinator' },
    ],
  });

  // The admin sets a weekly cadence on day 12: due 7 days after the self-assessment, day 17.
  await sleepUntil(bed.env, t0 + 12 * DAY);
  const weekly = await handle.executeUpdate(selfAssessmentUpdates.intervalChanged, { args: [{ intervalDays: 7 }] });
  expect(weekly.dueAt).toBe(new Date(t0 + 17 * DAY).toISOString());
  // Refused by the validators, naming the field, before anything enters the history.
  await expect(handle.executeUpdate(selfAssessmentUpdates.intervalChanged, { args: [{ intervalDays: 5 }] })).rejects.toMatchObject({
    cause: { message: 'intervalDays: must be a whole number of days from 7 to 92' },
  });
  await expect(
    handle.executeUpdate(selfAssessmentUpdates.recorded, { args: [{ at: recordedAt, riskLevel: 'SEVERE' as 'HIGH' }] }),
  ).rejects.toMatchObject({ cause: { message: 'riskLevel: must be one of LOW, MEDIUM, HIGH, CRITICAL' } });

  await sleepUntil(bed.env, t0 + 45 * DAY);
  // Nothing for the first deadline (day 30) nor the second (day 40): only the weekly one, at HIGH's offsets.
  expectOnTime(noticesOf(organisationId, t0), [
    [17 * 24 - 12, 'reminder → coord-1, admin-1', 17 * 24, 'HIGH'],
    [17 * 24, 'reminder → coord-1, admin-1', 17 * 24, 'HIGH'],
    [17 * 24 + 12, 'escalation → admin-1', 17 * 24, 'HIGH'],
    [18 * 24, 'escalation → admin-1, duty-1', 17 * 24, 'HIGH'],
  ]);
});

test('an older self-assessment entered late does not move the deadline back', async () => {
  const { handle, t0 } = await startSchedule();
  await sleepUntil(bed.env, t0 + 2 * DAY);
  const latest = await handle.executeUpdate(selfAssessmentUpdates.recorded, {
    args: [{ at: new Date(t0 + 2 * DAY).toISOString(), riskLevel: 'LOW' }],
  });
  const late = await handle.executeUpdate(selfAssessmentUpdates.recorded, {
    args: [{ at: new Date(t0 + DAY).toISOString(), riskLevel: 'CRITICAL' }],
  });
  expect(late).toEqual(latest);
  expect(late.dueAt).toBe(new Date(t0 + 32 * DAY).toISOString());
});

test('a coordinator in quiet hours gets the reminder when they end; the others at once', async () => {
  const { organisationId, t0 } = await startSchedule();
  // Quiet from 30 minutes before the first reminder (t0 + 29 days, Belgrade time) to an hour after it.
  const reminder = t0 + 29 * DAY;
  const [hour, minute] = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Belgrade',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(reminder)
    .split(':')
    .map(Number);
  const local = hour * 60 + minute;
  bed.quietHours.set('coord-1', {
    timeZone: 'Europe/Belgrade',
    quietHoursStart: (local + 1410) % 1440,
    quietHoursEnd: (local + 60) % 1440,
  });
  try {
    await sleepUntil(bed.env, reminder + 2 * HOUR);
  } finally {
    bed.quietHours.delete('coord-1');
  }
  expectOnTime(noticesOf(organisationId, t0), [
    [696, 'reminder → coord-1, admin-1', 720, null],
    [697, 'reminder → coord-1', 720, null],
  ]);
});
