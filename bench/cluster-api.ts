/**
 * The API's latency on the production-shaped cluster: two API processes and two workers (real
 * processes) on one application database, requests alternating between the two APIs over real
 * HTTP, open loop: reading a case (row plus the workflow's live state) and recording an event (a
 * workflow update answering the new schedule), at 50 and at 200 requests/s.
 *
 *   npm run bench:cluster-api [-- --rates 50,200 --seconds 20 --cases 100]
 *
 * Targets (issue 16): p99 under 50 ms for a read, under 150 ms for an event, at 50 requests/s.
 */
import { parseArgs } from 'node:util';
import { hashPassword } from '../services/passwords';
import { signIn } from '../test/support/api-client';
import { onCluster, runBench } from './cluster-bench';
import { report, steady } from './load';
import { say } from './statistics';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '50,200' },
    seconds: { type: 'string', default: '20' },
    cases: { type: 'string', default: '100' },
  },
});
const RATES = values.rates.split(',').map(Number);
const SECONDS = Number(values.seconds);
const CASES = Number(values.cases);

runBench(() =>
  onCluster(async (open) => {
    const bed = await open('api');
    await bed.startWorker();
    await bed.startWorker();
    const urls = [(await bed.startApi()).url, (await bed.startApi()).url];
    const password = 'bench-password-1';
    await bed.database.prisma.organisation.create({
      data: {
        name: 'API bench',
        users: { create: { email: 'admin@bench.test', displayName: 'Admin', role: 'ADMIN', passwordHash: await hashPassword(password) } },
      },
    });
    const { token } = await signIn(urls[0], 'admin@bench.test', password);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const opened = await fetch(`${urls[i % 2]}/cases`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ caseCode: `API-${i}`, riskLevel: 'MEDIUM' }),
      });
      caseIds.push(((await opened.json()) as { id: string }).id);
    }
    const read = (i: number) => fetch(`${urls[i % 2]}/cases/${caseIds[i % CASES]}`, { headers });
    const event = (i: number) =>
      fetch(`${urls[i % 2]}/cases/${caseIds[i % CASES]}/relocations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'RELOCATED' }),
      });
    // Warm-up: every case read once through each API.
    for (let i = 0; i < 2 * CASES; i++) await (await read(i)).arrayBuffer();

    say(
      `API latency on the cluster: 2 API and 2 worker processes, ${CASES} cases, ${SECONDS} s per rate, requests alternating between the APIs`,
    );
    for (const rate of RATES) {
      report('read a case', rate, await steady(rate, SECONDS, read), rate <= 50 ? 50 : undefined);
      report('record an event', rate, await steady(rate, SECONDS, event), rate <= 50 ? 150 : undefined);
    }
  }),
);
