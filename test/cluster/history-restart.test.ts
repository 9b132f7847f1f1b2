/**
 * Temporal's history service (which owns every timer) killed and started again on the cluster
 * while cases wait on their reminder timers, several of which come due while it is down: every
 * timer still fires, and every reminder is sent once, no earlier than it was due.
 */
import { openCase } from '../../services/cases';
import { stopProcess } from '../../scripts/cluster-processes';
import { startTemporalService } from '../../scripts/cluster-temporal';
import { startClusterBed, until, type ClusterBed } from './cluster-bed';

const CASES = 20;
const DAY_MS = 24 * 3_600_000;

let bed: ClusterBed;
beforeAll(async () => {
  bed = await startClusterBed('history');
  await bed.startWorker();
}, 120_000);
afterAll(() => bed?.stop());

test('history restarted while reminder timers are pending: every timer fires, every reminder once and on time', async () => {
  const { prisma } = bed.database;
  const organisation = await prisma.organisation.create({ data: { name: 'History restart' } });
  const [caseworker, coordinator] = await Promise.all(
    (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
      prisma.user.create({ data: { organisationId: organisation.id, email: `${role}@history.test`, displayName: role, role } }),
    ),
  );
  // A new MEDIUM case is due 24 h after identification and reminds at once and when due: identified
  // 24 h ago less 60 to 79 s, half the cases' second reminders come due while the history service is down.
  const started = Date.now();
  const dueAt = (i: number) => started + 60_000 + i * 1_000;
  const rows: { id: string; workflowId: string }[] = [];
  for (let i = 0; i < CASES; i++) {
    rows.push(
      await openCase(
        { prisma, temporal: bed.client, taskQueue: bed.taskQueue },
        {
          organisationId: organisation.id,
          caseCode: `HR-${i}`,
          riskLevel: 'MEDIUM',
          caseworkerId: caseworker.id,
          coordinatorId: coordinator.id,
          identifiedAt: new Date(dueAt(i) - DAY_MS).toISOString(),
          designatedContactIds: [],
        },
      ),
    );
  }
  const reminders = () =>
    prisma.deliveryAttempt.findMany({ where: { organisationId: organisation.id, kind: 'REMINDER' }, orderBy: { createdAt: 'asc' } });
  // Every case has sent its first reminder and waits on the timer of the second (its task completed).
  expect(await until(reminders, (sent) => sent.length === CASES, 50_000)).toHaveLength(CASES);
  const waiting = async () => {
    const histories = await Promise.all(rows.map((row) => bed.client.workflow.getHandle(row.workflowId).fetchHistory()));
    return histories.filter((h) => h.events?.some((e) => e.timerStartedEventAttributes)).length;
  };
  expect(await until(waiting, (n) => n === CASES, 50_000)).toBe(CASES);
  expect(Date.now()).toBeLessThan(dueAt(0) - 2_000);

  await stopProcess(bed.layout.dir, 'temporal-history', 'SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt(CASES / 2) - Date.now())));
  await startTemporalService(bed.layout, 'history');

  const sent = await until(reminders, (all) => all.length >= 2 * CASES, 120_000);
  // Any second firing of a timer would come now.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const final = await reminders();
  expect(final).toHaveLength(2 * CASES);
  expect(sent).toHaveLength(2 * CASES);
  for (const [i, row] of rows.entries()) {
    const ofCase = final.filter((r) => r.caseId === row.id);
    expect(ofCase.map((r) => r.tries)).toEqual([1, 1]);
    expect(ofCase[1].createdAt.getTime()).toBeGreaterThanOrEqual(dueAt(i) - 1_000);
    const timeline = await prisma.caseTimelineEntry.count({ where: { caseId: row.id, kind: 'reminder.caseworker' } });
    expect(timeline).toBe(2);
  }
}, 240_000);
