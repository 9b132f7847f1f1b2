/**
 * End to end on the real servers: the Temporal dev server (SQLite) and the embedded PostgreSQL,
 * with the real activities writing SQL. A case opened through the client shows its state by
 * query and its row, timeline and first reminder in the database.
 */
import { openCase } from '../../services/cases';
import { caseStateQuery } from '../../workflows/case-messages';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/api-client';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

test('health answers, and readiness reports Temporal and the database reachable', async () => {
  expect(await (await fetch(`${stack.apiUrl}/health`)).json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${stack.apiUrl}/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'ready', database: { ok: true }, temporal: { ok: true } });
});

test('a case opened through the client: state by query, row, timeline and reminder in SQL', async () => {
  const { prisma } = stack.database;
  const organisation = await prisma.organisation.create({ data: { name: 'ASTRA test' } });
  const [caseworker, coordinator] = await Promise.all(
    (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
      prisma.user.create({ data: { organisationId: organisation.id, email: `${role.toLowerCase()}@astra.test`, displayName: role, role } }),
    ),
  );
  const identifiedAt = new Date().toISOString();
  const row = await openCase(
    { prisma, temporal: stack.client, taskQueue: stack.taskQueue },
    {
      organisationId: organisation.id,
      caseCode: 'BG-2027-001',
      riskLevel: 'MEDIUM',
      caseworkerId: caseworker.id,
      coordinatorId: coordinator.id,
      identifiedAt,
      designatedContactIds: [],
    },
  );

  const handle = stack.client.workflow.getHandle(row.workflowId);
  const state = await handle.query(caseStateQuery);
  // A new case is due within 24 hours of identification (new-case rule).
  expect(state.schedule).toMatchObject({ rule: 'new-case', dueAt: new Date(Date.parse(identifiedAt) + 24 * 3_600_000).toISOString() });
  expect(state.record.stage).toBe('IDENTIFIED');

  const stored = await eventually(
    () => prisma.case.findUniqueOrThrow({ where: { id: row.id }, include: { timeline: true } }),
    (c) => c.nextDueAt !== null && c.timeline.length > 1,
  );
  expect(stored.nextDueAt?.toISOString()).toBe(state.schedule.dueAt);
  expect(stored.timeline.map((e) => e.kind).sort()).toEqual(['case.opened', 'reminder.caseworker']);

  // MEDIUM's 24-hour lead reaches back to identification: the first reminder goes at once, by email.
  const outbox = await eventually(
    () => prisma.deliveryAttempt.findMany({ where: { organisationId: organisation.id } }),
    (messages) => messages.length > 0,
  );
  expect(outbox.map((m) => [m.channel, m.address, m.status])).toEqual([['EMAIL', 'caseworker@astra.test', 'NOT_SENT']]);
  expect(outbox[0].body).toContain('BG-2027-001');

  // Starting the same case's workflow again is harmless: same run.
  const again = await stack.client.workflow.start('caseLifecycleWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId: row.workflowId,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{}],
  });
  expect(again.firstExecutionRunId).toBe((await handle.describe()).runId);
});
