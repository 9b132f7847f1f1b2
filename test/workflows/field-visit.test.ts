/**
 * Field visits on the time-skipping server: the reminder, check-in, extension, the missed
 * check-in alert at exactly end + grace and its chain, panic, and the duress check-in that
 * answers exactly as a check-in does while it raises a silent alert.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { acknowledgeAlertSignal, alertStatusQuery, urgentAlertWorkflow } from '../../workflows/urgent-alert';
import {
  fieldVisitStatusQuery,
  fieldVisitUpdates,
  fieldVisitWorkflow,
  fieldVisitWorkflowId,
  visitAlarmSignal,
} from '../../workflows/field-visit';
import { recordHistory } from '../support/histories';
import { ON_TIME_MS, sleepUntil } from '../support/time-skipping';
import { expectOnTime } from '../support/case-scenarios';
import { startTestbed, type Testbed } from '../support/recording-worker';

const MINUTE = 60_000;
let bed: Testbed;
// A server per test: once a child alert's result was awaited, env.sleep on that server can hang.
beforeEach(async () => {
  bed = await startTestbed('field-visit-test');
});
afterEach(() => bed?.teardown());

/** Waits (in real time, simulated time standing still) for what a just-started alert sends at once. */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !done() && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 50));
}

let visitNumber = 0;
/**
 * A visit started now (t0, a whole second) that should end `endMinutes` later. Its alert plan:
 * the safety contact, then the organisation's police liaison, 5 minutes each, walked once;
 * coord-1 hears when nobody acknowledges.
 */
async function startVisit(endMinutes: number, graceMinutes = 15, t0?: number) {
  t0 ??= Math.ceil((await bed.env.currentTimeMs()) / 1000) * 1000;
  const visitId = `visit-id-${++visitNumber}`;
  const visitCode = `V-TEST${visitNumber}`;
  bed.chains.set(visitId, {
    levels: [
      { contactIds: ['safety-1'], timeoutMs: 5 * MINUTE },
      { contactIds: ['police-1'], timeoutMs: 5 * MINUTE },
    ],
    repeats: 0,
    coordinatorIds: ['coord-1'],
  });
  const handle = await bed.env.client.workflow.start(fieldVisitWorkflow, {
    taskQueue: bed.taskQueue,
    workflowId: fieldVisitWorkflowId('org-1', visitId),
    args: [
      {
        visitId,
        organisationId: 'org-1',
        userId: 'visitor-1',
        visitCode,
        startedAt: new Date(t0).toISOString(),
        expectedEndAt: new Date(t0 + endMinutes * MINUTE).toISOString(),
        graceMinutes,
      },
    ],
  });
  const minutesAfter = (iso: string) => (Date.parse(iso) - t0!) / MINUTE;
  const secondsAfter = (iso: string) => (Date.parse(iso) - t0!) / 1000;
  const minute = (seconds: unknown) => Math.round((seconds as number) / 60);
  const callsOf = (name: string) => bed.calls.filter((c) => c.name === name && JSON.stringify(c.input).includes(visitCode));
  return {
    handle,
    visitId,
    visitCode,
    t0,
    at: (minutes: number) => t0! + minutes * MINUTE,
    /** [seconds after t0, expected end (minutes after t0)] of each reminder. */
    reminders: () => callsOf('remindVisitor').map((c) => [secondsAfter(c.at), minutesAfter(c.input.expectedEndAt), c.input.userId]),
    /** What the SQL mirror was told, in order. */
    mirrored: () =>
      bed.calls
        .filter((c) => c.name === 'recordFieldVisit' && c.input.visitId === visitId)
        .map((c) => [c.input.state, minutesAfter(c.input.expectedEndAt), c.input.endedBy]),
    /** [seconds after t0, contact, channel, kind, trigger] of every alert message about the visit. */
    alertMessages: () =>
      bed.calls
        .filter((c) => c.name === 'deliverToContact' && c.input.caseCode === visitCode)
        .map((c) => [secondsAfter(c.at), c.input.contactId, c.input.channel, c.input.kind, c.input.trigger])
        // By minute, then contact and channel: the messages of one level go out within the same few seconds.
        .sort((a, b) => minute(a[0]) - minute(b[0]) || `${a[1]}${a[2]}`.localeCompare(`${b[1]}${b[2]}`)),
  };
}

test('a visit that ends with a check-in: one reminder 10 minutes before the end, no alert', async () => {
  const visit = await startVisit(60);
  await sleepUntil(bed.env, visit.at(55));
  const answer = await visit.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: false }] });
  expect(answer).toEqual({ state: 'ENDED', expectedEndAt: new Date(visit.at(60)).toISOString(), endedAt: expect.any(String) });
  expect((await visit.handle.result()).endedBy).toBe('check-in');
  // Well past the would-be deadline (end + 15 minutes): nothing was raised.
  await sleepUntil(bed.env, visit.at(90));
  expectOnTime(visit.reminders(), [[50 * 60, 60, 'visitor-1']], 1000);
  expect(visit.mirrored()).toEqual([['ENDED', 60, 'check-in']]);
  expect(visit.alertMessages()).toEqual([]);
});

test('an extended visit: the deadline and the reminder move, the check-in ends it without an alert', async () => {
  const visit = await startVisit(60);
  await sleepUntil(bed.env, visit.at(55));
  const extended = await visit.handle.executeUpdate(fieldVisitUpdates.extend, { args: [{ minutes: 30 }] });
  expect(extended).toEqual({ state: 'ACTIVE', expectedEndAt: new Date(visit.at(90)).toISOString(), endedAt: null });
  // Past the first deadline (60 + 15), before the new one (90 + 15).
  await sleepUntil(bed.env, visit.at(100));
  expect(visit.alertMessages()).toEqual([]);
  await visit.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: false }] });
  await visit.handle.result();
  expectOnTime(
    visit.reminders(),
    [
      [50 * 60, 60, 'visitor-1'],
      [80 * 60, 90, 'visitor-1'],
    ],
    1000,
  );
  expect(visit.mirrored()).toEqual([
    ['ACTIVE', 90, null],
    ['ENDED', 90, 'check-in'],
  ]);
  expect(visit.alertMessages()).toEqual([]);
});

test('an extension in the grace period counts from now; bad extensions are refused naming the field', async () => {
  const visit = await startVisit(30);
  await sleepUntil(bed.env, visit.at(40));
  const extended = await visit.handle.executeUpdate(fieldVisitUpdates.extend, { args: [{ minutes: 20 }] });
  expect(Date.parse(extended.expectedEndAt) - visit.at(60)).toBeLessThan(ON_TIME_MS);
  for (const [minutes, message] of [
    [0, 'minutes: must be a whole number of minutes from 1 to 480'],
    [2.5, 'minutes: must be a whole number of minutes from 1 to 480'],
  ] as const) {
    const refused = await visit.handle.executeUpdate(fieldVisitUpdates.extend, { args: [{ minutes }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toBe(message);
  }
  await visit.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: false }] });
  // The visit is over: a panic now is refused (the API answers 409 before asking) and raises nothing.
  await expect(visit.handle.executeUpdate(fieldVisitUpdates.panic)).rejects.toThrow();
  expect(visit.alertMessages()).toEqual([]);
});

test('a missed check-in: the alert starts at exactly end + grace and follows the chain to the coordinator', async () => {
  const visit = await startVisit(30, 15);
  // Awaiting the result lets time run until the visit ends.
  const status = await visit.handle.result();
  expect(status).toMatchObject({
    state: 'MISSED',
    endedBy: 'missed',
    alertId: `${fieldVisitWorkflowId('org-1', visit.visitId)}/alert/missed`,
  });
  expect(Math.floor((Date.parse(status.endedAt!) - visit.t0) / 1000)).toBe(45 * 60);
  // Awaited, not slept through: env.sleep across a child alert's timers hangs the time-skipping server.
  const alert = bed.env.client.workflow.getHandle<typeof urgentAlertWorkflow>(status.alertId!);
  expect((await alert.result()).state).toBe('UNACKNOWLEDGED');
  const T = 45 * 60;
  expectOnTime(
    visit.alertMessages(),
    [
      [T, 'safety-1', 'email', 'urgent', 'visit.missed-check-in'],
      [T, 'safety-1', 'sms', 'urgent', 'visit.missed-check-in'],
      [T + 300, 'police-1', 'email', 'urgent', 'visit.missed-check-in'],
      [T + 300, 'police-1', 'sms', 'urgent', 'visit.missed-check-in'],
      [T + 600, 'coord-1', 'email', 'unacknowledged', 'visit.missed-check-in'],
      [T + 600, 'coord-1', 'sms', 'unacknowledged', 'visit.missed-check-in'],
    ],
    1000,
  );
  // The alert names the visit, not a case, and reads the visit's own plan.
  const delivered = bed.calls.find((c) => c.name === 'deliverToContact' && c.input.alertId === status.alertId)!.input;
  expect(delivered).toMatchObject({ caseCode: visit.visitCode, about: 'visit', organisationId: 'org-1' });
  expect(delivered.caseId).toBeUndefined();
  expect(bed.calls.filter((c) => c.name === 'loadVisitAlertPlan' && c.input.fieldVisitId === visit.visitId)).toHaveLength(1);
  // The mirror is written as the alert goes (after each level too): it starts alerting and ends unacknowledged.
  const records = bed.calls.filter((c) => c.name === 'recordAlert' && c.input.alertId === status.alertId).map((c) => c.input);
  expect([records[0], records.at(-1)]).toEqual([
    expect.objectContaining({ fieldVisitId: visit.visitId, trigger: 'visit.missed-check-in', state: 'ALERTING' }),
    expect.objectContaining({ fieldVisitId: visit.visitId, state: 'UNACKNOWLEDGED' }),
  ]);
  expect(visit.mirrored()).toEqual([['MISSED', 30, 'missed']]);
  await recordHistory(visit.handle, 'field-visit-missed');
  await recordHistory(alert, 'urgent-alert-visit');
});

test('panic raises the alert at once; an acknowledgement stops it', async () => {
  const visit = await startVisit(60);
  await sleepUntil(bed.env, visit.at(10));
  const answer = await visit.handle.executeUpdate(fieldVisitUpdates.panic);
  expect(answer).toMatchObject({ state: 'PANIC', endedAt: expect.any(String) });
  const { alertId } = await visit.handle.result();
  const alert = bed.env.client.workflow.getHandle<typeof urgentAlertWorkflow>(alertId!);
  await until(() => visit.alertMessages().length === 2);
  await alert.signal(acknowledgeAlertSignal, { by: 'safety-1', via: 'sms' });
  await until(() => bed.calls.some((c) => c.name === 'recordAlert' && c.input.alertId === alertId && c.input.state === 'ACKNOWLEDGED'));
  expect(await alert.query(alertStatusQuery)).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgement: { by: 'safety-1' } });
  const messages = visit.alertMessages();
  expect(messages.map(([, ...rest]) => rest)).toEqual([
    ['safety-1', 'email', 'urgent', 'visit.panic'],
    ['safety-1', 'sms', 'urgent', 'visit.panic'],
  ]);
  // Within the second the panic was pressed in.
  for (const [second] of messages) expect(second as number).toBeLessThanOrEqual(10 * 60 + 1);
  expect(visit.mirrored()).toEqual([['PANIC', 60, 'panic']]);
});

test('a duress check-in answers exactly as a check-in does, and raises a silent alert', async () => {
  const t0 = Math.ceil((await bed.env.currentTimeMs()) / 1000) * 1000;
  const [plain, duress] = [await startVisit(60, 15, t0), await startVisit(60, 15, t0)];
  await sleepUntil(bed.env, t0 + 20 * MINUTE);
  const answers = [
    await plain.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: false }] }),
    await duress.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: true }] }),
  ];
  // The same fields, the same values: only the instant of the check-in may differ, by milliseconds.
  const toTheSecond = (a: (typeof answers)[number]) => ({ ...a, endedAt: Math.floor(Date.parse(a.endedAt!) / 1000) });
  expect(toTheSecond(answers[1])).toEqual(toTheSecond(answers[0]));
  expect(answers[1]).toEqual({ state: 'ENDED', expectedEndAt: new Date(t0 + 60 * MINUTE).toISOString(), endedAt: expect.any(String) });

  const [plainEnd, duressEnd] = [await plain.handle.result(), await duress.handle.result()];
  expect([plainEnd.endedBy, plainEnd.alertId]).toEqual(['check-in', null]);
  expect([duressEnd.state, duressEnd.endedBy]).toEqual(['ENDED', 'duress']);
  await until(() => duress.alertMessages().length === 2);
  expect(plain.alertMessages()).toEqual([]);
  expect(duress.alertMessages().map(([second, ...rest]) => [Math.floor((second as number) / 60), ...rest])).toEqual([
    [20, 'safety-1', 'email', 'urgent', 'visit.duress'],
    [20, 'safety-1', 'sms', 'urgent', 'visit.duress'],
  ]);
  // SQL keeps the truth for coordinators: ended, by duress.
  expect(duress.mirrored()).toEqual([['ENDED', 60, 'duress']]);
  await bed.env.client.workflow.getHandle(duressEnd.alertId!).signal(acknowledgeAlertSignal, { by: 'safety-1', via: 'api' });
});

test('an alarm alerts at once while the visit goes on; a duress ending after the duress alarm starts no second alert', async () => {
  const visit = await startVisit(60);
  await sleepUntil(bed.env, visit.at(10));
  await visit.handle.signal(visitAlarmSignal, { alarm: 'pin-attempts' });
  await visit.handle.signal(visitAlarmSignal, { alarm: 'duress' });
  await visit.handle.signal(visitAlarmSignal, { alarm: 'duress' });
  await until(() => visit.alertMessages().length === 4);
  expect((await visit.handle.query(fieldVisitStatusQuery)).state).toBe('ACTIVE');
  const answer = await visit.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: true }] });
  expect(answer.state).toBe('ENDED');
  const end = await visit.handle.result();
  expect([end.endedBy, end.alertId]).toEqual(['duress', `${fieldVisitWorkflowId('org-1', visit.visitId)}/alert/duress`]);
  expect(
    visit
      .alertMessages()
      .map(([, contact, channel, , trigger]) => [trigger, contact, channel])
      .sort(),
  ).toEqual([
    ['visit.duress', 'safety-1', 'email'],
    ['visit.duress', 'safety-1', 'sms'],
    ['visit.pin-attempts', 'safety-1', 'email'],
    ['visit.pin-attempts', 'safety-1', 'sms'],
  ]);
  for (const key of ['pin-attempts', 'duress'])
    await bed.env.client.workflow
      .getHandle(`${fieldVisitWorkflowId('org-1', visit.visitId)}/alert/${key}`)
      .signal(acknowledgeAlertSignal, { by: 'safety-1', via: 'api' });
});

test('a check-in after the missed deadline ends the visit safe and resolves the missed-check-in alert', async () => {
  const visit = await startVisit(30, 15);
  const alertId = `${fieldVisitWorkflowId('org-1', visit.visitId)}/alert/missed`;
  await sleepUntil(bed.env, visit.at(47));
  await until(() => visit.alertMessages().length === 2);
  const answer = await visit.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: false }] });
  expect(answer).toEqual({ state: 'ENDED', expectedEndAt: new Date(visit.at(30)).toISOString(), endedAt: expect.any(String) });
  const end = await visit.handle.result();
  expect([end.state, end.endedBy, end.alertId]).toEqual(['ENDED', 'check-in', alertId]);
  const alert = bed.env.client.workflow.getHandle<typeof urgentAlertWorkflow>(alertId);
  expect(await alert.result()).toMatchObject({ state: 'RESOLVED', resolution: { by: 'visitor-1', via: 'check-in' } });
  expect(visit.mirrored()).toEqual([
    ['MISSED', 30, 'missed'],
    ['ENDED', 30, 'check-in'],
  ]);
  // Only the first level was paged, at the deadline; nobody after the check-in.
  expect(visit.alertMessages().map(([, contact]) => contact)).toEqual(['safety-1', 'safety-1']);
});

test('the duress PIN after the deadline answers as a late check-in does, raises the duress alert and leaves the missed alert going', async () => {
  const t0 = Math.ceil((await bed.env.currentTimeMs()) / 1000) * 1000;
  const [plain, duress] = [await startVisit(30, 15, t0), await startVisit(30, 15, t0)];
  await sleepUntil(bed.env, t0 + 50 * MINUTE);
  const answers = [
    await plain.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: false }] }),
    await duress.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: true }] }),
  ];
  const toTheSecond = (a: (typeof answers)[number]) => ({ ...a, endedAt: Math.floor(Date.parse(a.endedAt!) / 1000) });
  expect(toTheSecond(answers[1])).toEqual(toTheSecond(answers[0]));
  const end = await duress.handle.result();
  expect([end.state, end.endedBy]).toEqual(['ENDED', 'duress']);
  await until(() => duress.alertMessages().some(([, , , , trigger]) => trigger === 'visit.duress'));
  const missed = bed.env.client.workflow.getHandle(`${fieldVisitWorkflowId('org-1', duress.visitId)}/alert/missed`);
  expect((await missed.query(alertStatusQuery)).state).not.toBe('RESOLVED');
  expect(
    bed.calls.filter((c) => c.name === 'recordAlert' && c.input.alertId === missed.workflowId).map((c) => c.input.state),
  ).not.toContain('RESOLVED');
  for (const key of ['missed', 'duress'])
    await bed.env.client.workflow
      .getHandle(`${fieldVisitWorkflowId('org-1', duress.visitId)}/alert/${key}`)
      .signal(acknowledgeAlertSignal, { by: 'safety-1', via: 'api' });
});

test('a panic after the missed deadline raises the panic alert at once; the visit stays missed and still takes a late check-in', async () => {
  const visit = await startVisit(30, 15);
  await sleepUntil(bed.env, visit.at(47));
  await until(() => visit.alertMessages().length === 2);
  const answer = await visit.handle.executeUpdate(fieldVisitUpdates.panic);
  expect(answer).toMatchObject({ state: 'MISSED' });
  await until(() => visit.alertMessages().filter(([, , , , trigger]) => trigger === 'visit.panic').length === 2);
  const panicked = visit.alertMessages().filter(([, , , , trigger]) => trigger === 'visit.panic');
  expect(panicked.map(([seconds, contact, channel]) => [Math.round(Number(seconds) / 60), contact, channel])).toEqual([
    [47, 'safety-1', 'email'],
    [47, 'safety-1', 'sms'],
  ]);
  // A second panic raises no second alert.
  await visit.handle.executeUpdate(fieldVisitUpdates.panic);
  await visit.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: false }] });
  expect(await visit.handle.result()).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });
  expect(visit.alertMessages().filter(([, , , , trigger]) => trigger === 'visit.panic')).toHaveLength(2);
  await bed.env.client.workflow
    .getHandle(`${fieldVisitWorkflowId('org-1', visit.visitId)}/alert/panic`)
    .signal(acknowledgeAlertSignal, { by: 'safety-1', via: 'api' });
});

test('a day after the missed deadline, a check-in is refused: the visit is over', async () => {
  const visit = await startVisit(30, 15);
  const status = await visit.handle.result();
  expect(Date.parse(status.endedAt!) - visit.at(45)).toBeLessThan(1000);
  expect(status).toMatchObject({ state: 'MISSED', endedBy: 'missed' });
  await expect(visit.handle.executeUpdate(fieldVisitUpdates.checkIn, { args: [{ duress: false }] })).rejects.toThrow();
});
