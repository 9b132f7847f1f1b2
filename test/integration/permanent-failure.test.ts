/**
 * An activity that can never succeed fails once, non-retryably, and the workflow goes on (issue
 * #11, item 7). On the real stack (dev server, embedded PostgreSQL, the worker's own activities):
 * a case workflow started by a client other than the API with a case id PostgreSQL refuses
 * (`cases.id` is a uuid: SQLSTATE 22P02), so no timeline entry of it can ever be written. And
 * such a client cannot put a NUL into the case's history: the update validator refuses it.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { log } from '../../platform/logger';
import { caseLifecycleWorkflow } from '../../workflows/case-lifecycle';
import { caseTimelineQuery, caseUpdates } from '../../workflows/case-messages';
import { eventually } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

test('a timeline entry SQL can never take fails once, is logged, and the case workflow goes on taking events', async () => {
  const logged = jest.spyOn(log, 'error');
  const workflowId = `case-unstorable-${randomUUID()}`;
  const handle = await stack.client.workflow.start(caseLifecycleWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId,
    args: [
      {
        caseId: 'not-a-uuid',
        organisationId: randomUUID(),
        caseCode: 'BG-POISON-1',
        identifiedAt: new Date().toISOString(),
        riskLevel: 'MEDIUM',
        contacts: { caseworkerId: randomUUID(), coordinatorId: randomUUID(), designatedContactIds: [] },
      },
    ],
  });
  const failuresOf = () =>
    logged.mock.calls.filter(
      ([fields, message]) => String(message).includes('cannot succeed') && (fields as { workflowId?: string }).workflowId === workflowId,
    );

  // Before: the update waited for SQL, retried without end, and never answered.
  const at = new Date(Date.now() + 5 * 86_400_000).toISOString();
  let timer: NodeJS.Timeout | undefined;
  const answered = await Promise.race([
    handle.executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'h1', at, kind: 'MAIN' }] }),
    new Promise((resolve) => (timer = setTimeout(() => resolve('no answer within 15 s'), 15_000))),
  ]);
  clearTimeout(timer);
  expect(answered).toMatchObject({ dueAt: expect.any(String) });
  const timeline = (await handle.query(caseTimelineQuery)).map((e) => e.kind);
  expect(timeline).toEqual(expect.arrayContaining(['case.opened', 'hearing.scheduled']));

  // Each entry (a reminder's too) failed exactly once: the local activity retries every second otherwise.
  await eventually(
    async () => failuresOf().length,
    (n) => n >= timeline.length,
  );
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(failuresOf()).toHaveLength(timeline.length);
  expect(failuresOf()[0][0]).toEqual({ activity: 'recordCaseTimeline', workflowId, cause: 'SQLSTATE 22P02' });
  expect((await handle.describe()).status.name).toBe('RUNNING');

  // A client other than the API cannot carry a NUL into the history either.
  const refused = await handle
    .executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'x\u0000y', at, kind: 'MAIN' }] })
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/^hearingId: must be a code of/);
  expect(JSON.stringify(await handle.fetchHistory())).not.toContain('x\\u0000y');
  await handle.terminate('test over');
  logged.mockRestore();
});
