/**
 * A rolling upgrade of the workers on the cluster while cases run: two workers of version 1
 * (worker/main.ts processes) are replaced one at a time by workers of version 2, whose workflow
 * code gives a new command (a 1 ms timer before due steps) behind patched(). Events and reminders
 * keep flowing through the upgrade; no workflow task fails; the cases take the new path from the
 * upgrade on; and every history replays under version 2. The same change without patched() fails
 * to replay the histories version 1 wrote: the guard is what makes the upgrade safe.
 * Version 2's workers run in this process: their bundle is made here (test/cluster/upgrade/).
 */
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities';
import { log } from '../../platform/logger';
import { vigilDataConverter } from '../../platform/payload-codec';
import { frontendAddress } from '../../scripts/cluster-temporal';
import { openCase } from '../../services/cases';
import { caseUpdates } from '../../workflows/case-messages';
import { createVigilWorker } from '../../worker/worker';
import { testCodec } from '../support/codec';
import { startClusterBed, until, type ClusterBed } from './cluster-bed';
import { upgradedBundle } from './upgrade/bundles';
import { UPGRADE_PATCH } from './upgrade/deadline-steps-v2';

const CASES = 8;
const DAY_MS = 24 * 3_600_000;

let bed: ClusterBed;
let guarded: WorkflowBundle;
let unguarded: WorkflowBundle;
const upgraded: { worker: Worker; running: Promise<void> }[] = [];
beforeAll(async () => {
  [guarded, unguarded] = await Promise.all([upgradedBundle(true), upgradedBundle(false)]);
  bed = await startClusterBed('upgrade');
}, 180_000);
afterAll(async () => {
  for (const { worker, running } of upgraded) {
    worker.shutdown();
    await running;
  }
  await bed?.stop();
});

async function startVersion2(): Promise<void> {
  const worker = await createVigilWorker({
    connection: await NativeConnection.connect({ address: frontendAddress(bed.layout) }),
    namespace: bed.layout.namespace,
    taskQueue: bed.taskQueue,
    activities: createActivities({ prisma: bed.database.prisma, log, messaging: {} }),
    codec: testCodec,
    workflowBundle: guarded,
  });
  upgraded.push({ worker, running: worker.run() });
}

const histories = (handles: WorkflowHandle[]) => Promise.all(handles.map((h) => h.fetchHistory()));
const relocate = (handles: WorkflowHandle[]) =>
  Promise.all(handles.map((h) => h.executeUpdate(caseUpdates.relocationRecorded, { args: [{ kind: 'RELOCATED' }] })));

test('workers upgraded one at a time while cases run: the patched change takes over, nothing fails, histories replay', async () => {
  const { prisma } = bed.database;
  const version1 = [await bed.startWorker(), await bed.startWorker()];
  const organisation = await prisma.organisation.create({ data: { name: 'Rolling upgrade' } });
  const [caseworker, coordinator] = await Promise.all(
    (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
      prisma.user.create({ data: { organisationId: organisation.id, email: `${role}@upgrade.test`, displayName: role, role } }),
    ),
  );
  // MEDIUM cases reminding at once (under version 1) and when due, 50 to 57 s from now (under version 2).
  const dueAt = Date.now() + 50_000;
  const handles: WorkflowHandle[] = [];
  for (let i = 0; i < CASES; i++) {
    const row = await openCase(
      { prisma, temporal: bed.client, taskQueue: bed.taskQueue },
      {
        organisationId: organisation.id,
        caseCode: `UP-${i}`,
        riskLevel: 'MEDIUM',
        caseworkerId: caseworker.id,
        coordinatorId: coordinator.id,
        identifiedAt: new Date(dueAt + i * 1_000 - DAY_MS).toISOString(),
        designatedContactIds: [],
      },
    );
    handles.push(bed.client.workflow.getHandle(row.workflowId));
  }
  await relocate(handles);
  const writtenByVersion1 = await histories(handles);

  await version1[0].stop();
  await startVersion2();
  await relocate(handles);
  await version1[1].stop();
  await startVersion2();
  await relocate(handles);

  const reminders = () => prisma.deliveryAttempt.count({ where: { organisationId: organisation.id, kind: 'REMINDER' } });
  expect(await until(reminders, (n) => n >= 2 * CASES, 120_000)).toBe(2 * CASES);
  const final = await histories(handles);

  for (const history of final) {
    const events = history.events ?? [];
    expect(events.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    // Version 2 ran the due reminder: its patch marker and its 1 ms timer are in the history.
    const patches = events.flatMap((e) => e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []);
    expect(patches.map((p) => JSON.parse(Buffer.from(p.data!).toString()).id)).toContain(UPGRADE_PATCH);
    expect(events.some((e) => e.timerStartedEventAttributes?.startToFireTimeout?.nanos === 1_000_000)).toBe(true);
  }
  expect(await prisma.caseTimelineEntry.count({ where: { case: { organisationId: organisation.id }, kind: 'relocation.recorded' } })).toBe(
    3 * CASES,
  );

  const replay = (bundle: WorkflowBundle, of: typeof final) =>
    Worker.runReplayHistories(
      { workflowBundle: bundle, dataConverter: vigilDataConverter(testCodec) },
      of.map((history, i) => ({ workflowId: handles[i].workflowId, history })),
    );
  for await (const result of replay(guarded, final)) expect(result.error).toBeUndefined();
  const careless = [];
  for await (const result of replay(unguarded, writtenByVersion1)) careless.push(result.error?.name);
  expect(careless).toEqual(Array(CASES).fill('DeterminismViolationError'));
}, 300_000);
