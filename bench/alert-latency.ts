/**
 * How fast danger reaches a phone: from a perpetrator-release event given to the client (what
 * the API does on POST /cases/{id}/perpetrator-status) to the first SMS request arriving at a
 * local imitation of Twilio's API, through the real stack: Temporal dev server, one worker, the
 * real twilio client, PostgreSQL (embedded, or DATABASE_URL). Alerts are raised one at a time.
 *
 *   npm run bench:alerts [-- --alerts 200]
 */
import { parseArgs } from 'node:util';
import { openCase } from '../services/cases';
import { caseUpdates } from '../workflows/case-messages';
import { startSmsBench } from './servers';
import { percentile, say } from './statistics';

const { values } = parseArgs({ options: { alerts: { type: 'string', default: '200' } } });
const ALERTS = Number(values.alerts);

async function main(): Promise<void> {
  const bench = await startSmsBench('alerts', 37233);
  const { client, fake, taskQueue } = bench;
  const { prisma } = bench.database;
  try {
    const organisation = await prisma.organisation.create({ data: { name: 'Alert bench' } });
    const [caseworker, coordinator] = await Promise.all(
      (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
        prisma.user.create({ data: { organisationId: organisation.id, email: `${role}@bench.test`, displayName: role, role } }),
      ),
    );
    const latencies: number[] = [];
    for (let i = 0; i < ALERTS; i++) {
      // Each case its own police liaison, so each alert's first SMS is known by its number.
      const phone = `+3816${String(10_000_000 + i)}`;
      const police = await prisma.contact.create({ data: { organisationId: organisation.id, displayName: 'Police liaison', phone } });
      const row = await openCase(
        { prisma, temporal: client, taskQueue },
        {
          organisationId: organisation.id,
          caseCode: `AL-${i}`,
          riskLevel: 'HIGH',
          caseworkerId: caseworker.id,
          coordinatorId: coordinator.id,
          identifiedAt: new Date().toISOString(),
          designatedContactIds: [police.id],
          contactRoles: { [police.id]: 'POLICE_LIAISON' },
        },
      );
      const handle = client.workflow.getHandle(row.workflowId);
      // Let the new case settle first: its opening is not what is measured.
      await handle.query('state');
      const before = Date.now();
      await handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASED' }] });
      let arrived: number | undefined;
      while ((arrived = fake.requests.find((r) => r.form.To === phone)?.receivedAt) === undefined) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      latencies.push(arrived - before);
      if ((i + 1) % 50 === 0) say(`  ${i + 1} alerts`);
    }
    latencies.sort((a, b) => a - b);
    say(
      `release event -> first SMS at the Twilio imitation, over ${ALERTS} alerts: median ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms (targets: 250 ms, 1000 ms)`,
    );
  } finally {
    await bench.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exit(1);
});
