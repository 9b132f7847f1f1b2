/**
 * A court day on the production-shaped cluster: CASES open cases, then within SECONDS a burst of
 * HEARINGS hearing updates and RELEASES perpetrator releases, interleaved and sent on schedule
 * (open loop) as the API sends them (workflow updates). Prints, for one worker process and for
 * two, the time from each release event to its first SMS at the Twilio imitation (median, p99,
 * max) while the hearing updates run, the hearing updates' own latency, the events' throughput,
 * and the ratio of the two runs.
 *
 *   npm run bench:cluster-court-day [-- --cases 2000 --hearings 500 --releases 100 --seconds 60]
 */
import { parseArgs } from 'node:util';
import { caseUpdates } from '../workflows/case-messages';
import type { ClusterBed } from '../test/cluster/cluster-bed';
import { startCases, untilOpened, writeCases } from './bulk-cases';
import { onCluster, runBench } from './cluster-bench';
import { percentile, say } from './statistics';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '2000' },
    hearings: { type: 'string', default: '500' },
    releases: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
  },
});
const [CASES, HEARINGS, RELEASES, SECONDS] = [values.cases, values.hearings, values.releases, values.seconds].map(Number);
const PHONE = '+381641000000';

interface Day {
  releaseToSms: number[];
  hearingMs: number[];
  eventsPerSecond: number;
}

const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`;
};

/** The burst: event k of all of them leaves at k * SECONDS / total; every (total / RELEASES)th is a release. */
async function burst(bed: ClusterBed, workflowIds: string[]): Promise<Day> {
  const total = HEARINGS + RELEASES;
  const every = Math.floor(total / RELEASES);
  const releasedAt = new Map<number, number>();
  const hearingMs: number[] = [];
  const started = Date.now();
  const sent: Promise<unknown>[] = [];
  let releases = 0;
  for (let k = 0; k < total; k++) {
    const wait = started + (k * SECONDS * 1000) / total - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const release = k % every === 0 && releases < RELEASES;
    // Releases on the first cases, hearings spread over the others.
    const i = release ? releases++ : RELEASES + ((k * 7919) % (CASES - RELEASES));
    const handle = bed.client.workflow.getHandle(workflowIds[i]);
    const at = Date.now();
    if (release) {
      releasedAt.set(i, at);
      sent.push(handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASED' }] }));
    } else {
      const hearing = { hearingId: `court-${k}`, at: new Date(at + 5 * 86_400_000).toISOString(), kind: 'MAIN' as const };
      sent.push(handle.executeUpdate(caseUpdates.hearingScheduled, { args: [hearing] }).then(() => hearingMs.push(Date.now() - at)));
    }
  }
  await Promise.all(sent);
  const firstSms = new Map<number, number>();
  while (firstSms.size < releasedAt.size) {
    for (const request of bed.fake.requests) {
      const i = Number(/case B-(\d+):/.exec(request.form.Body ?? '')?.[1]);
      if (releasedAt.has(i) && !firstSms.has(i)) firstSms.set(i, request.receivedAt);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const ended = Math.max(...firstSms.values(), Date.now());
  return {
    releaseToSms: [...releasedAt].map(([i, at]) => firstSms.get(i)! - at),
    hearingMs,
    eventsPerSecond: total / ((ended - started) / 1000),
  };
}

async function courtDay(open: (label: string) => Promise<ClusterBed>, workers: number): Promise<Day> {
  const bed = await open(`court_${workers}`);
  for (let n = 0; n < workers; n++) await bed.startWorker();
  const { prisma } = bed.database;
  const cases = await writeCases(prisma, CASES, 'Court day');
  // One level, one contact (English texts name the case), no escalation during the run.
  const police = await prisma.contact.create({
    data: { organisationId: cases.organisationId, displayName: 'Police liaison', phone: PHONE, language: 'en' },
  });
  await prisma.escalationChain.create({
    data: {
      organisationId: cases.organisationId,
      repeatCount: 0,
      levels: { create: [{ position: 1, timeoutSeconds: 3600, contacts: { create: [{ contactId: police.id }] } }] },
    },
  });
  const startMs = await startCases(bed.client, bed.taskQueue, cases, 32);
  await untilOpened(prisma, cases);
  say(`${workers} worker(s): ${CASES} cases open (started in ${(startMs / 1000).toFixed(1)} s); the burst begins`);
  const day = await burst(bed, cases.workflowIds);
  say(`  release -> first SMS (${day.releaseToSms.length}): ${summary(day.releaseToSms)}`);
  say(`  hearing update answered (${day.hearingMs.length}): ${summary(day.hearingMs)}`);
  say(`  throughput: ${day.eventsPerSecond.toFixed(1)} events/s (the burst offered ${((HEARINGS + RELEASES) / SECONDS).toFixed(1)}/s)`);
  return day;
}

runBench(() =>
  onCluster(async (open) => {
    say(`court day: ${CASES} open cases, then ${HEARINGS} hearing updates and ${RELEASES} releases within ${SECONDS} s`);
    const one = await courtDay(open, 1);
    const two = await courtDay(open, 2);
    const p = (day: Day, q: number) =>
      percentile(
        [...day.releaseToSms].sort((a, b) => a - b),
        q,
      );
    say(
      `two workers / one: release -> SMS median ${(p(two, 50) / p(one, 50)).toFixed(2)}x, p99 ${(p(two, 99) / p(one, 99)).toFixed(2)}x, ` +
        `throughput ${(two.eventsPerSecond / one.eventsPerSecond).toFixed(2)}x`,
    );
  }),
);
