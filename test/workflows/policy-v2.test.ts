/**
 * Policy version 2 in the case workflow, on the time-skipping server: event deadlines escalate
 * within hours, a release announced or a serious incident reopens a closed case, an
 * organisation's policy change reaches a running case, and a case running under version 1 moves
 * to version 2 at its next decision. Figures are hours after identification (t0), by hand from
 * docs/reassessment-policy.md.
 */
import { Worker } from '@temporalio/worker';
import { parsePolicyOverride } from '../../domain/policy';
import { vigilDataConverter } from '../../platform/payload-codec';
import { caseScheduleQuery, caseStateQuery, caseTimelineQuery, caseUpdates, policyChangedSignal } from '../../workflows/case-messages';
import { ESCALATION_IN_ORGANISATION_PATCH, POLICY_V2_PATCH } from '../../workflows/case-state';
import {
  alertsOf,
  byContact,
  expectOnTime,
  hoursAfter,
  noticesOf,
  openCase,
  type Notice,
  type OpenedCase,
} from '../support/case-scenarios';
import { DAY, HOUR, sleepUntil, workflowBundle } from '../support/time-skipping';
import { recordHistory } from '../support/histories';
import { recordingActivities, startTestbed, type Testbed } from '../support/recording-worker';
import { testCodec } from '../support/codec';

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed('policy-v2-test');
});
afterAll(() => bed?.teardown());

const toCaseworker = 'reminder → worker-1';
const toCoordinator = 'escalation → coord-1';
const toChain = 'escalation → coord-1, duty-1, admin-1';
const iso = (c: OpenedCase, hours: number) => new Date(c.t0 + hours * HOUR).toISOString();
const assessed = (c: OpenedCase, riskLevel: 'LOW' | 'MEDIUM') =>
  c.handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel, measures: ['SAFETY_PLAN'] }] });
const kinds = async (c: OpenedCase) => (await c.handle.query(caseTimelineQuery)).map((e) => e.kind);

/** MEDIUM, assessed at 1, a hearing on day 10 (240) scheduled at 2: hearing-daily due at 240 - 72 = 168. */
async function mediumCaseWithHearing(testbed: Testbed): Promise<OpenedCase> {
  const c = await openCase(testbed, 'MEDIUM', ['police-1']);
  await sleepUntil(testbed.env, c.t0 + HOUR);
  await assessed(c, 'MEDIUM');
  await sleepUntil(testbed.env, c.t0 + 2 * HOUR);
  const schedule = await c.handle.executeUpdate(caseUpdates.hearingScheduled, {
    args: [{ hearingId: 'h1', kind: 'MAIN', at: iso(c, 240) }],
  });
  expect([hoursAfter(c.t0, schedule.dueAt!), schedule.rule]).toEqual([168, 'hearing-daily']);
  return c;
}

test('MEDIUM with a hearing on day 10, due 3 days before: the coordinator and the chain hear of it hours later, before the hearing', async () => {
  const c = await mediumCaseWithHearing(bed);
  expect((await c.handle.query(caseScheduleQuery)).escalateAt.map((e) => hoursAfter(c.t0, e.at))).toEqual([174, 180]);
  await sleepUntil(bed.env, c.t0 + 240 * HOUR);
  // Grace min(48 h, 6 h): coordinator at 174, chain at 180, both well before the hearing at 240
  // (version 1: 216 and 264, the chain a day after the hearing).
  // (The new case's reminder at 0 aside: its deadline is gone once assessed.)
  expectOnTime(
    noticesOf(bed.calls, c).filter(([at]) => at > 1),
    [
      [144, toCaseworker, 168, 'hearing-daily'],
      [168, toCaseworker, 168, 'hearing-daily'],
      [174, toCoordinator, 168, 'hearing-daily'],
      [180, toChain, 168, 'hearing-daily'],
    ] satisfies Notice[],
  );
  // Still unprepared 24 h before the hearing: the caseworker and the coordinator are alerted, not the designated contact.
  expect(alertsOf(bed.calls, c).slice(0, 2).sort(byContact)).toEqual([
    [expect.closeTo(216, 3), 'coord-1', 'hearing.unprepared'],
    [expect.closeTo(216, 3), 'worker-1', 'hearing.unprepared'],
  ]);
});

test('a release announced on a closed case reopens it: reminders and escalations run again', async () => {
  const c = await openCase(bed, 'LOW', ['police-1']);
  await sleepUntil(bed.env, c.t0 + HOUR);
  await assessed(c, 'LOW');
  await c.handle.executeUpdate(caseUpdates.caseClosed, { args: [{}] });
  await sleepUntil(bed.env, c.t0 + 10 * DAY);
  // Announced on day 10 for day 20: daily from day 13 (release-announced).
  const reopened = await c.handle.executeUpdate(caseUpdates.perpetratorStatus, {
    args: [{ status: 'RELEASE_ANNOUNCED', releaseDate: iso(c, 20 * 24) }],
  });
  expect([hoursAfter(c.t0, reopened.dueAt!), reopened.rule]).toEqual([13 * 24, 'release-announced']);
  expect((await c.handle.query(caseStateQuery)).record).toMatchObject({ closedAt: null, stage: 'ASSESSMENT' });
  await sleepUntil(bed.env, c.t0 + 14 * DAY);
  expectOnTime(
    noticesOf(bed.calls, c).filter(([at]) => at > 1),
    [
      [12 * 24, toCaseworker, 13 * 24, 'release-announced'],
      [13 * 24, toCaseworker, 13 * 24, 'release-announced'],
      [13 * 24 + 6, toCoordinator, 13 * 24, 'release-announced'],
      [13 * 24 + 12, toChain, 13 * 24, 'release-announced'],
    ] satisfies Notice[],
  );
  expect(await kinds(c)).toEqual(expect.arrayContaining(['case.closed', 'perpetrator.status', 'case.monitoring-reopened']));
});

test('a CRITICAL incident on a closed case alerts, reopens it and schedules the reassessment at once', async () => {
  const c = await openCase(bed, 'LOW', ['police-1']);
  await sleepUntil(bed.env, c.t0 + HOUR);
  await assessed(c, 'LOW');
  await c.handle.executeUpdate(caseUpdates.caseClosed, { args: [{}] });
  await sleepUntil(bed.env, c.t0 + 5 * DAY);
  const x = 5 * 24;
  const reopened = await c.handle.executeUpdate(caseUpdates.incidentReported, { args: [{ incidentType: 'THREAT', severity: 'CRITICAL' }] });
  expect([hoursAfter(c.t0, reopened.dueAt!), reopened.rule]).toEqual([expect.closeTo(x, 3), 'incident-daily']);
  await sleepUntil(bed.env, c.t0 + (x + 13) * HOUR);
  // Both reminders (x - 24 and x) are due at once: one is sent; then escalations 6 and 12 h after.
  const due = hoursAfter(c.t0, reopened.dueAt!);
  expectOnTime(
    noticesOf(bed.calls, c).filter(([at]) => at > 1),
    [
      [x, toCaseworker, due, 'incident-daily'],
      [x + 6, toCoordinator, due, 'incident-daily'],
      [x + 12, toChain, due, 'incident-daily'],
    ] satisfies Notice[],
  );
  expect(alertsOf(bed.calls, c)[0]).toEqual([expect.closeTo(x, 3), 'police-1', 'incident.threat']);
  expect(await kinds(c)).toEqual(expect.arrayContaining(['incident.reported', 'case.monitoring-reopened', 'alert.raised']));
});

test("an organisation's policy change reaches a running case: its deadline moves, and its timeline says so", async () => {
  const c = await openCase(bed, 'MEDIUM');
  await sleepUntil(bed.env, c.t0 + HOUR);
  await assessed(c, 'MEDIUM');
  expect(hoursAfter(c.t0, (await c.handle.query(caseScheduleQuery)).dueAt!)).toBeCloseTo(1 + 14 * 24, 3);
  const policy = parsePolicyOverride({ levels: { MEDIUM: { baseIntervalHours: 7 * 24, leadHours: 2 } } });
  await c.handle.signal(policyChangedSignal, { policy, version: 1, changedAt: iso(c, 2) });
  await sleepUntil(bed.env, c.t0 + (1 + 7 * 24 + 1) * HOUR);
  const schedule = await c.handle.query(caseScheduleQuery);
  expect(hoursAfter(c.t0, schedule.dueAt!)).toBeCloseTo(1 + 7 * 24, 3);
  expectOnTime(
    noticesOf(bed.calls, c).filter(([at]) => at > 1),
    [
      [1 + 7 * 24 - 2, toCaseworker, 1 + 7 * 24, 'base'],
      [1 + 7 * 24, toCaseworker, 1 + 7 * 24, 'base'],
    ] satisfies Notice[],
  );
  const changed = (await c.handle.query(caseTimelineQuery)).find((e) => e.kind === 'policy.changed')!;
  expect(changed.detail).toEqual({ version: 1, changedAt: iso(c, 2), dueBefore: expect.any(String), dueAfter: schedule.dueAt });
  expect(hoursAfter(c.t0, String(changed.detail.dueBefore))).toBeCloseTo(1 + 14 * 24, 3);
});

test('a hearing cannot be marked held before its time (the validator names the field)', async () => {
  const c = await openCase(bed, 'HIGH');
  await c.handle.executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'h1', kind: 'MAIN', at: iso(c, 16) }] });
  const early = await c.handle.executeUpdate(caseUpdates.hearingHeld, { args: [{ hearingId: 'h1' }] }).catch((e) => e.cause?.message);
  expect(early).toBe(`hearingId: the hearing is at ${iso(c, 16)}: it cannot be marked held before then`);
  expect((await c.handle.query(caseStateQuery)).record.hearings[0].status).toBe('SCHEDULED');
  await sleepUntil(bed.env, c.t0 + 16 * HOUR);
  await c.handle.executeUpdate(caseUpdates.hearingHeld, { args: [{ hearingId: 'h1' }] });
  expect((await c.handle.query(caseStateQuery)).record.hearings[0].status).toBe('HELD');
});

test('a case running under policy version 1 moves to version 2 at its next decision, after a worker with version 2 takes over', async () => {
  const taskQueue = 'policy-upgrade-test';
  const upgrade = { ...bed, taskQueue, calls: [] } as Testbed;
  const { activities, calls } = recordingActivities(bed.env, bed);
  upgrade.calls = calls;
  // No cache: the worker that takes over gets the whole history from the server (no sticky queue to wait for).
  const workerOn = (patchActivationCallback?: () => boolean) =>
    Worker.create({
      maxCachedWorkflows: 0,
      connection: bed.env.nativeConnection,
      namespace: bed.env.namespace ?? 'default',
      taskQueue,
      activities,
      dataConverter: vigilDataConverter(testCodec),
      workflowBundle: bundle,
      patchActivationCallback,
    });
  const bundle = await workflowBundle();
  // The worker before the change: version 2 not yet deployed (its branch inactive), i.e. version 1.
  const before = await workerOn(() => false);
  const c = await before.runUntil(async () => {
    const opened = await mediumCaseWithHearing(upgrade);
    await sleepUntil(bed.env, opened.t0 + 145 * HOUR);
    // Version 1: escalations 48 h and 96 h after the deadline at 168.
    expect((await opened.handle.query(caseScheduleQuery)).escalateAt.map((e) => hoursAfter(opened.t0, e.at))).toEqual([216, 264]);
    return opened;
  });

  const after = await workerOn();
  await after.runUntil(async () => {
    // Replayed under version 1 until the next decision (the reminder at 168), version 2 from then on.
    expect((await c.handle.query(caseScheduleQuery)).escalateAt.map((e) => hoursAfter(c.t0, e.at))).toEqual([216, 264]);
    await sleepUntil(bed.env, c.t0 + 200 * HOUR);
    expect((await c.handle.query(caseScheduleQuery)).escalateAt.map((e) => hoursAfter(c.t0, e.at))).toEqual([174, 180]);
  });
  expectOnTime(
    noticesOf(calls, c).filter(([at]) => at > 1),
    [
      [144, toCaseworker, 168, 'hearing-daily'],
      [168, toCaseworker, 168, 'hearing-daily'],
      [174, toCoordinator, 168, 'hearing-daily'],
      [180, toChain, 168, 'hearing-daily'],
    ] satisfies Notice[],
  );
  // The move is recorded once, as the patch marker, so the history replays the same way (and the
  // escalation to the organisation's own people at 180, the other patch, once).
  const history = await c.handle.fetchHistory();
  const patches = history.events!.flatMap(({ markerRecordedEventAttributes: marker }) =>
    marker?.markerName === 'core_patch' ? [JSON.parse(Buffer.from(marker.details!['patch-data'].payloads![0].data!).toString()).id] : [],
  );
  expect(patches).toEqual([POLICY_V2_PATCH, ESCALATION_IN_ORGANISATION_PATCH]);
  await recordHistory(c.handle, 'case-lifecycle-upgraded-to-v2');
});
