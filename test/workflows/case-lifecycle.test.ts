/**
 * The case workflow on the time-skipping server: months of simulated time in seconds.
 * Times are asserted against the policy's figures written out by hand (not recomputed), within
 * the second the server needs to run a workflow task after a timer fires.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createVigilWorker } from '../../worker/worker';
import { caseLifecycleWorkflow } from '../../workflows';
import {
  caseScheduleQuery,
  caseStateQuery,
  caseTimelineQuery,
  caseUpdates,
  caseWorkflowId,
  type CaseWorkflowInput,
} from '../../workflows/case-messages';
import { recordingActivities, timeSkippingEnvironment, workflowBundle, type RecordedCall } from '../support/temporal';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TASK_QUEUE = 'case-lifecycle-test';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let calls: RecordedCall[];

beforeAll(async () => {
  env = await timeSkippingEnvironment();
  const recording = recordingActivities(env);
  calls = recording.calls;
  worker = await createVigilWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    activities: recording.activities,
    workflowBundle: await workflowBundle(),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

let caseNumber = 0;
/** Opens a case identified now (whole second), returning its handle and identification time. */
async function openCase(riskLevel: CaseWorkflowInput['riskLevel'], designatedContactIds: string[] = []) {
  const t0 = Math.ceil((await env.currentTimeMs()) / 1000) * 1000;
  const caseId = `case-${++caseNumber}-${t0}`;
  const handle = await env.client.workflow.start(caseLifecycleWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: caseWorkflowId(caseId),
    args: [
      {
        caseId,
        organisationId: 'org-1',
        caseCode: `BG-${caseNumber}`,
        identifiedAt: new Date(t0).toISOString(),
        riskLevel,
        contacts: { caseworkerId: 'worker-1', coordinatorId: 'coord-1', designatedContactIds },
      },
    ],
  });
  return { handle, caseId, t0 };
}

/** Notices (reminders and escalations) sent for one case, as [hours after t0, kind, recipients]. */
function notices(caseId: string, t0: number) {
  return calls
    .filter((c) => c.name === 'notifyReassessmentDue' && c.input.caseId === caseId)
    .map((c) => ({ after: (Date.parse(c.at) - t0) / HOUR, kind: c.input.kind, to: c.input.recipients, dueAt: c.input.dueAt }));
}

function expectHours(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  // One second of slack: the server runs the workflow task right after the timer fires.
  actual.forEach((h, i) => expect(Math.abs(h - expected[i]) * HOUR).toBeLessThan(1000));
}

async function timeline(handle: WorkflowHandle) {
  return handle.query(caseTimelineQuery);
}

test('a new case nobody assesses: reminders, then the coordinator, then the chain, each once', async () => {
  const { handle, caseId, t0 } = await openCase('MEDIUM', ['police-1']);
  // new-case rule: due at identification + 24 h; MEDIUM lead 24 h and grace 48 h.
  const schedule = await handle.query(caseScheduleQuery);
  expect(schedule).toMatchObject({ dueAt: new Date(t0 + DAY).toISOString(), rule: 'new-case' });

  await env.sleep(10 * DAY);
  const sent = notices(caseId, t0);
  expectHours(
    sent.map((n) => n.after),
    [0, 24, 72, 120],
  );
  expect(sent.map((n) => [n.kind, n.to])).toEqual([
    ['reminder', ['worker-1']],
    ['reminder', ['worker-1']],
    ['escalation', ['coord-1']],
    ['escalation', ['coord-1', 'police-1']],
  ]);
  const kinds = (await timeline(handle)).map((e) => e.kind);
  expect(kinds).toEqual(['case.opened', 'reminder.caseworker', 'reminder.caseworker', 'escalation.coordinator', 'escalation.chain']);
});

test('an assessment recorded before the deadline cancels the pending reminder and escalations', async () => {
  const { handle, caseId, t0 } = await openCase('HIGH');
  await env.sleep(HOUR);
  const after = await handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel: 'HIGH', measures: ['SAFE_HOUSE'] }] });
  const assessedAt = Date.parse((await handle.query(caseStateQuery)).record.lastAssessment!.at);
  // HIGH: base 7 days from the assessment, reminder 12 h before, grace 12 h.
  expect(after.rule).toBe('base');
  expect(Date.parse(after.dueAt!)).toBe(assessedAt + 7 * DAY);

  await env.sleep(7 * DAY + 2 * HOUR);
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
  const closed = await handle.executeUpdate(caseUpdates.caseClosed, { args: [{}] });
  expect(closed).toEqual({ dueAt: null, rule: null, riskLevel: 'LOW', remindAt: [], escalateAt: [] });

  await env.sleep(40 * DAY);
  expect(notices(caseId, t0).filter((n) => n.after > 1)).toEqual([]);

  const reopened = await handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASED' }] });
  const releasedAt = Date.parse((await handle.query(caseStateQuery)).record.perpetratorEvents[0].at);
  // A LOW assessment 40 days ago is already past its base interval; the release is due at once.
  expect(reopened.dueAt).not.toBeNull();
  expect(Date.parse(reopened.dueAt!)).toBeLessThanOrEqual(releasedAt);
  const state = await handle.query(caseStateQuery);
  expect(state.record.closedAt).toBeNull();
  expect(state.record.stage).toBe('ASSESSMENT');

  await env.sleep(11 * 60_000);
  const alerts = calls.filter((c) => c.name === 'deliverUrgentAlert' && c.input.caseCode === state.caseCode);
  // Level 1 at once, level 2 after the 5-minute timeout: the chain is followed in order.
  expect(alerts.map((a) => [a.input.contactId, a.input.trigger])).toEqual([
    ['police-1', 'perpetrator.released'],
    ['lawyer-1', 'perpetrator.released'],
    ['police-1', 'perpetrator.released'],
  ]);
  expect((Date.parse(alerts[1].at) - releasedAt) / 60_000).toBeCloseTo(5, 1);
  const kinds = (await timeline(handle)).map((e) => e.kind);
  expect(kinds).toEqual(expect.arrayContaining(['case.closed', 'perpetrator.status', 'case.monitoring-reopened', 'alert.raised']));
});
