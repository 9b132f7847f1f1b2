/**
 * One of two Vigil workers killed (SIGKILL) on the cluster while urgent alerts escalate: the
 * other worker finishes every alert. At the Twilio imitation each alert's SMS reached each
 * contact of its chain and the coordinator once: none lost, none twice.
 */
import { openCase } from '../../services/cases';
import { caseUpdates } from '../../workflows/case-messages';
import { startClusterBed, until, type ClusterBed } from './cluster-bed';

const ALERTS = 12;
const LEVEL_TIMEOUT_S = 6;

let bed: ClusterBed;
beforeAll(async () => {
  bed = await startClusterBed('crash');
}, 120_000);
afterAll(() => bed?.stop());

/** An organisation whose chain has two levels of one contact each, and whose coordinator has an SMS card. */
async function seedChain() {
  const { prisma } = bed.database;
  const organisation = await prisma.organisation.create({ data: { name: 'Cluster crash' } });
  const [caseworker, coordinator] = await Promise.all(
    (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
      prisma.user.create({ data: { organisationId: organisation.id, email: `${role}@crash.test`, displayName: role, role } }),
    ),
  );
  const contact = (displayName: string, phone: string, userId?: string) =>
    prisma.contact.create({ data: { organisationId: organisation.id, displayName, phone, language: 'en', userId } });
  const phones = { first: '+381641110001', second: '+381641110002', coordinator: '+381641110003' };
  const first = await contact('Police liaison', phones.first);
  const second = await contact('Shelter', phones.second);
  await contact('Coordinator', phones.coordinator, coordinator.id);
  await prisma.escalationChain.create({
    data: {
      organisationId: organisation.id,
      repeatCount: 0,
      levels: {
        create: [first, second].map((c, i) => ({
          position: i + 1,
          timeoutSeconds: LEVEL_TIMEOUT_S,
          contacts: { create: [{ contactId: c.id }] },
        })),
      },
    },
  });
  return { organisation, caseworker, coordinator, phones };
}

test('kill -9 of one worker while alerts escalate: the other finishes them, every SMS once', async () => {
  const { prisma } = bed.database;
  const { organisation, caseworker, coordinator, phones } = await seedChain();
  const [doomed] = [await bed.startWorker(), await bed.startWorker()];

  const cases: { workflowId: string }[] = [];
  for (let i = 0; i < ALERTS; i++) {
    cases.push(
      await openCase(
        { prisma, temporal: bed.client, taskQueue: bed.taskQueue },
        {
          organisationId: organisation.id,
          caseCode: `CR-${i}`,
          riskLevel: 'HIGH',
          caseworkerId: caseworker.id,
          coordinatorId: coordinator.id,
          identifiedAt: new Date().toISOString(),
          designatedContactIds: [],
        },
      ),
    );
  }
  await Promise.all(
    cases.map((row) =>
      bed.client.workflow.getHandle(row.workflowId).executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASED' }] }),
    ),
  );
  // Kill while the first level's messages go out, before any alert has reached its second level.
  await until(
    async () => bed.fake.messages.length,
    (sent) => sent >= ALERTS / 2,
    30_000,
  );
  await doomed.kill();
  const killedAfter = bed.fake.messages.length;

  // Each alert ends unacknowledged once its two levels have passed and the coordinator was told.
  const finished = await until(
    () => prisma.alert.count({ where: { organisationId: organisation.id, state: 'UNACKNOWLEDGED' } }),
    (n) => n === ALERTS,
    150_000,
  );
  expect(killedAfter).toBeLessThan(ALERTS * 3);
  expect(finished).toBe(ALERTS);
  // The coordinator's SMS is sent beside the alert's last record: wait for the last ones to arrive.
  await until(
    async () => bed.fake.messages.length,
    (n) => n >= ALERTS * 3,
    40_000,
  );

  const byAlert = new Map<string, string[]>();
  for (const message of bed.fake.messages) {
    const ackCode = /OK ([A-Z0-9]{6})/.exec(message.body)![1];
    byAlert.set(ackCode, [...(byAlert.get(ackCode) ?? []), message.to]);
  }
  expect(byAlert.size).toBe(ALERTS);
  for (const recipients of byAlert.values()) expect(recipients.sort()).toEqual([phones.first, phones.second, phones.coordinator].sort());
  expect(bed.fake.messages).toHaveLength(ALERTS * 3);
}, 240_000);
