/**
 * How fast a missed check-in reaches a phone: from the check-in deadline of a field visit (its
 * expected end plus the grace period, a timer in fieldVisitWorkflow) to the first SMS request
 * arriving at a local imitation of Twilio's API, through the real stack: Temporal dev server, one
 * worker, the real twilio client, PostgreSQL (embedded, or DATABASE_URL). Visits are started
 * through the API's own helper, with deadlines `--spacing` ms apart so alerts do not queue.
 *
 *   npm run bench:check-in [-- --visits 200 --spacing 250]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startFieldVisit } from '../services/field-visits';
import { MIN_GRACE_MINUTES } from '../domain/field-visits';
import { createFieldCipher } from '../platform/field-encryption';
import { startSmsBench } from './servers';
import { percentile, say } from './statistics';

const { values } = parseArgs({ options: { visits: { type: 'string', default: '200' }, spacing: { type: 'string', default: '250' } } });
const VISITS = Number(values.visits);
const SPACING_MS = Number(values.spacing);
/** Time to start every visit before the first expected end. */
const LEAD_MS = 15_000 + VISITS * 20;

async function main(): Promise<void> {
  const bench = await startSmsBench('check-in', 37433);
  const { client, fake, taskQueue } = bench;
  const { prisma } = bench.database;
  try {
    const organisation = await prisma.organisation.create({ data: { name: 'Check-in bench' } });
    const visitor = await prisma.user.create({
      data: { organisationId: organisation.id, email: 'visitor@bench.test', displayName: 'Visitor', role: 'CASEWORKER' },
    });
    const deps = { prisma, temporal: client, taskQueue, fieldCipher: createFieldCipher(randomBytes(32)) };
    const first = Date.now() + LEAD_MS;
    // Each visit its own safety contact, so each alert's first SMS is known by its number.
    const deadlines = new Map<string, number>();
    for (let i = 0; i < VISITS; i++) {
      const phone = `+3816${String(20_000_000 + i)}`;
      const safety = await prisma.contact.create({ data: { organisationId: organisation.id, displayName: 'Safety contact', phone } });
      const expectedEnd = first + i * SPACING_MS;
      await startFieldVisit(deps, {
        organisationId: organisation.id,
        userId: visitor.id,
        caseId: null,
        expectedEndAt: new Date(expectedEnd).toISOString(),
        graceMinutes: MIN_GRACE_MINUTES,
        safetyContactIds: [safety.id],
        text: {},
      });
      deadlines.set(phone, expectedEnd + MIN_GRACE_MINUTES * 60_000);
    }
    if (Date.now() > first) throw new Error('starting the visits took longer than the lead: the first deadlines were not waited for');
    say(`  ${VISITS} visits started; deadlines from ${new Date(first + 60_000).toISOString()}, ${SPACING_MS} ms apart`);

    const arrived = new Map<string, number>();
    for (const last = Math.max(...deadlines.values()) + 30_000; arrived.size < VISITS && Date.now() < last;) {
      for (const r of fake.requests) if (deadlines.has(r.form.To) && !arrived.has(r.form.To)) arrived.set(r.form.To, r.receivedAt);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (arrived.size < VISITS) throw new Error(`${VISITS - arrived.size} missed check-ins sent no SMS within 30 s of their deadline`);
    const latencies = [...arrived].map(([phone, at]) => at - deadlines.get(phone)!).sort((a, b) => a - b);
    say(
      `missed check-in deadline -> first SMS at the Twilio imitation, over ${VISITS} visits: median ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms (target: p99 under 2000 ms)`,
    );
  } finally {
    await bench.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exit(1);
});
