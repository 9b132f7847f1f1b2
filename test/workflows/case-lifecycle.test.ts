/**
 * The case workflow on the time-skipping server: months of simulated time in seconds.
 * Times are asserted against the policy's figures written out by hand (not recomputed), within
 * the second the server needs to run a workflow task after a timer fires.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { caseScheduleQuery, caseStateQuery, caseTimelineQuery, caseUpdates } from '../../workflows/case-messages';
import { alertsOf, openCase as open } from '../support/case-scenarios';
import { HOUR, DAY, ON_TIME_MS } from '../support/time-skipping';
import { startTestbed, type Testbed } from '../support/recording-worker';

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed('case-lifecycle-test');
});
afterAll(() => bed?.teardown());

const openCase = (riskLevel: Parameters<typeof open>[1], designatedContactIds: string[] = []) => open(bed, riskLevel, designatedContactIds);

/** Notices (reminders and escalations) sent for one case, as [hours after t0, kind, recipients]. */
function notices(caseId: string, t0: number) {
  return bed.calls
    .filter((c) => c.name === 'notifyReassessmentDue' && c.input.caseId === caseId)
    .map((c) => ({ after: (Date.parse(c.at) - t0) / HOUR, kind: c.input.kind, to: c.input.recipients, dueAt: c.input.dueAt }));
}

function expectHours(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((h, i) => expect(Math.abs(h - expected[i]) * HOUR).toBeLessThan(ON_TIME_MS));
}

async function timeline(handle: WorkflowHandle) {
  return handle.query(caseTimelineQuery);
}

test("a new case nobody assesses: reminders to the caseworker, then the coordinator, then the organisation's own escalation, each once; never its designated contact", async () => {
  const { handle, caseId, t0 } = await openCase('MEDIUM', ['police-1']);
  // new-case rule: due at identification + 24 h; MEDIUM lead 24 h and grace 48 h.
  const schedule = await handle.query(caseScheduleQuery);
  expect(schedule).toMatchObject({ dueAt: new Date(t0 + DAY).toISOString(), rule: 'new-case' });

  await bed.env.sleep(10 * DAY);
  const sent = notices(caseId, t0);
  expectHours(
    sent.map((n) => n.after),
    [0, 24, 72, 120],
  );
  expect(sent.map((n) => [n.kind, n.to])).toEqual([
    ['reminder', ['worker-1']],
    ['reminder', ['worker-1']],
    ['escalation', ['coord-1']],
    // The duty coordinator and the admins (recording-worker.ts ORGANISATION_ESCALATION), not police-1.
    ['escalation', ['coord-1', 'duty-1', 'admin-1']],
  ]);
  const kinds = (await timeline(handle)).map((e) => e.kind);
  expect(kinds).toEqual(['case.opened', 'reminder.caseworker', 'reminder.caseworker', 'escalation.coordinator', 'escalation.chain']);
});

test('an assessment recorded before the deadline cancels the pending reminder and escalations', async () => {
  const { handle, caseId, t0 } = await openCase('HIGH');
  await bed.env.sleep(HOUR);
  const { before, ...after } = await handle.executeUpdate(caseUpdates.assessmentCompleted, {
    args: [{ riskLevel: 'HIGH', measures: ['SAFE_HOUSE'] }],
  });
  const assessedAt = Date.parse((await handle.query(caseStateQuery)).record.lastAssessment!.at);
  // HIGH: base 7 days from the assessment, reminder 12 h before, grace 12 h.
  expect(after.rule).toBe('base');
  expect(Date.parse(after.dueAt!)).toBe(assessedAt + 7 * DAY);
  // The answer carries the schedule the event replaced too: the API needs no query before it.
  expect(before).toMatchObject({ rule: 'new-case', dueAt: new Date(t0 + DAY).toISOString() });
  expect(await handle.query(caseScheduleQuery)).toEqual(after);

  await bed.env.sleep(7 * DAY + 2 * HOUR);
  const sent = notices(caseId, t0);
  // Nothing for the new-case deadline (its reminder would have been at t0 + 12 h), then the new
  // deadline's two reminders, and no escalation.
  const offset = (assessedAt - t0) / HOUR;
  expectHours(
    sent.map((n) => n.after),
    [offset + 7 * 24 - 12, offset + 7 * 24],
  );
  expect(sent.map((n) => [n.kind, n.dueAt])).toEqual([
    ['reminder', after.dueAt],
    ['reminder', after.dueAt],
  ]);
});

test('bad input is rejected by the validator, naming the field, and changes nothing', async () => {
  const { handle } = await openCase('LOW');
  const before = await handle.query(caseStateQuery);
  const rejection = (update: Promise<unknown>) =>
    update.then(
      () => 'accepted',
      (e) => e.cause?.message,
    );
  expect(
    await rejection(handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel: 'SEVERE' as never, measures: [] }] })),
  ).toBe('riskLevel: must be one of LOW, MEDIUM, HIGH, CRITICAL');
  expect(
    await rejection(handle.executeUpdate(caseUpdates.hearingMoved, { args: [{ hearingId: 'nope', at: '2030-01-01T09:00:00Z' }] })),
  ).toBe('hearingId: no hearing "nope" in this case');
  expect(
    await rejection(
      handle.executeUpdate(caseUpdates.incidentReported, {
        args: [{ incidentType: 'THREAT', severity: 'HIGH', at: '2099-01-01T00:00:00Z' }],
      }),
    ),
  ).toBe('at: must not be in the future');
  expect(
    await rejection(
      handle.executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'h1', at: '2030-01-01T09:00', kind: 'MAIN' }] }),
    ),
  ).toMatch(/^at: must be a real ISO 8601 instant/);
  expect(await rejection(handle.executeUpdate(caseUpdates.caseReopened, { args: [{}] }))).toBe('type: the case is not closed');
  expect(await handle.query(caseStateQuery)).toEqual(before);
});

test('a release after closure reopens the case and raises an urgent alert to the designated contacts', async () => {
  const { handle, caseId, t0 } = await openCase('LOW', ['police-1', 'lawyer-1']);
  await handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel: 'LOW', measures: [] }] });
  const { before: open, ...closed } = await handle.executeUpdate(caseUpdates.caseClosed, { args: [{}] });
  expect(closed).toEqual({ dueAt: null, rule: null, riskLevel: 'LOW', remindAt: [], escalateAt: [] });
  // The deadline the closure ended.
  expect(open).toMatchObject({ dueAt: expect.any(String), riskLevel: 'LOW' });

  await bed.env.sleep(40 * DAY);
  expect(notices(caseId, t0).filter((n) => n.after > 1)).toEqual([]);

  const reopened = await handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASED' }] });
  const releasedAt = Date.parse((await handle.query(caseStateQuery)).record.perpetratorEvents[0].at);
  // A LOW assessment 40 days ago is already past its base interval; the release is due at once.
  expect(reopened.dueAt).not.toBeNull();
  expect(Date.parse(reopened.dueAt!)).toBeLessThanOrEqual(releasedAt);
  const state = await handle.query(caseStateQuery);
  expect(state.record.closedAt).toBeNull();
  expect(state.record.stage).toBe('ASSESSMENT');

  await bed.env.sleep(11 * 60_000);
  const opened = { caseCode: state.caseCode, t0: releasedAt } as Parameters<typeof alertsOf>[1];
  // Level 1 at once, level 2 after the 5-minute timeout, then the chain again: SMS and email each.
  for (const channel of ['sms', 'email'] as const) {
    const sent = alertsOf(bed.calls, opened, channel);
    expect(sent.map(([, contact, trigger]) => [contact, trigger])).toEqual([
      ['police-1', 'perpetrator.released'],
      ['lawyer-1', 'perpetrator.released'],
      ['police-1', 'perpetrator.released'],
    ]);
    expect(sent.map(([hours]) => Math.round(hours * 60))).toEqual([0, 5, 10]);
  }
  const kinds = (await timeline(handle)).map((e) => e.kind);
  expect(kinds).toEqual(expect.arrayContaining(['case.closed', 'perpetrator.status', 'case.monitoring-reopened', 'alert.raised']));
});

test("a reminder due in the caseworker's quiet hours waits for their end; an urgent alert never waits", async () => {
  const t0 = await bed.env.currentTimeMs();
  // HIGH new case: reminder 12 h after opening. Quiet hours (UTC) from 1 h before it to 90 min after.
  const remindMinute = Math.floor((t0 + 12 * HOUR) / 60_000) % (24 * 60);
  const quiet = { timeZone: 'UTC', quietHoursStart: (remindMinute + 1380) % 1440, quietHoursEnd: (remindMinute + 90) % 1440 };
  bed.quietHours.set('worker-1', quiet);
  bed.quietHours.set('police-1', quiet);
  try {
    const { handle, caseId, t0: opened } = await openCase('HIGH', ['police-1']);
    await bed.env.sleep(12 * HOUR + 30 * 60_000);
    // Inside the quiet hours: the urgent alert goes at once all the same.
    await handle.executeUpdate(caseUpdates.incidentReported, { args: [{ incidentType: 'THREAT', severity: 'HIGH' }] });
    const alertedAt = (await bed.env.currentTimeMs()) - opened;
    await bed.env.sleep(2 * HOUR);

    const quietEnd = Math.floor((opened + 12 * HOUR) / 60_000) * 60_000 + 90 * 60_000;
    const sent = notices(caseId, opened);
    // Asked at 12 h and held back; the incident moved the deadline to 4 h after it, whose reminder
    // (already due) was held back too; sent when the quiet hours end, for the deadline that stands.
    expectHours(
      sent.map((n) => n.after),
      [12, alertedAt / HOUR, (quietEnd - opened) / HOUR],
    );
    const incidentAt = Date.parse((await handle.query(caseStateQuery)).record.incidents[0].at);
    expect(sent[2].dueAt).toBe(new Date(incidentAt + 4 * HOUR).toISOString());
    const kinds = (await timeline(handle)).map((e) => [e.kind, Date.parse(e.at) - opened]);
    const reminder = kinds.find(([kind]) => kind === 'reminder.caseworker')!;
    expect(Math.abs((reminder[1] as number) - (quietEnd - opened))).toBeLessThan(ON_TIME_MS);
    const alerts = alertsOf(bed.calls, { caseCode: (await handle.query(caseStateQuery)).caseCode, t0: opened } as Parameters<
      typeof alertsOf
    >[1]);
    // First message at the moment of the incident (the chain then repeats, unanswered).
    expect(alerts.map(([hours, contact]) => [Math.round((hours * HOUR) / 1000), contact])[0]).toEqual([
      Math.round(alertedAt / 1000),
      'police-1',
    ]);
  } finally {
    bed.quietHours.clear();
  }
});
