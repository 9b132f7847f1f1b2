/**
 * The API's latency under a steady load, on the local stack (Temporal dev server, embedded
 * PostgreSQL, one worker, the API), over real HTTP: reading a case (row plus the workflow's live
 * state) and recording an event (a workflow update that answers the new schedule), each at a
 * steady rate for a while (open loop: requests leave on schedule whether or not earlier ones
 * have answered). Prints the median and 99th percentile of each.
 *
 *   npm run bench:api [-- --rate 50 --seconds 20 --cases 50]
 *   DATABASE_URL=postgresql://.../scratch npm run bench:api    (a real PostgreSQL; it migrates it and adds an organisation)
 *
 * Targets (issue 5): p99 under 50 ms for a read, under 150 ms for an event.
 */
import { parseArgs } from 'node:util';
import { createActivities } from '../activities';
import { hashPassword } from '../services/passwords';
import { buildApi } from '../api/server';
import { loadConfig } from '../platform/config';
import { createFieldCipher } from '../platform/field-encryption';
import { log } from '../platform/logger';
import { connectWorker } from '../platform/temporal';
import { createVigilWorker, installTemporalRuntime } from '../worker/worker';
import { BENCH_DATA_KEY, startBenchServers } from './servers';
import { report, steady } from './load';
import { say } from './statistics';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    cases: { type: 'string', default: '50' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const CASES = Number(values.cases);

async function main(): Promise<void> {
  installTemporalRuntime(log);
  const config = loadConfig();
  const servers = await startBenchServers('api', config.databaseUrl, 37233);
  const { client, target } = servers;
  const { prisma } = servers.database;
  try {
    const taskQueue = 'vigil-bench-api';
    const worker = await createVigilWorker({
      connection: await connectWorker(target),
      namespace: 'default',
      taskQueue,
      activities: createActivities({ prisma, log, messaging: config.messaging }),
      codec: servers.codec,
    });
    const running = worker.run();
    const api = buildApi({ prisma, temporal: client, log, taskQueue, fieldCipher: createFieldCipher(BENCH_DATA_KEY) });
    const url = await api.listen({ host: '127.0.0.1', port: 0 });

    const password = 'bench-password-1';
    await prisma.organisation.create({
      data: {
        name: 'Bench',
        users: { create: { email: 'admin@bench.test', displayName: 'Admin', role: 'ADMIN', passwordHash: await hashPassword(password) } },
      },
    });
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@bench.test', password }),
    });
    const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}`, 'content-type': 'application/json' };
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const opened = await fetch(`${url}/cases`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ caseCode: `BENCH-${i}`, riskLevel: 'MEDIUM' }),
      });
      caseIds.push(((await opened.json()) as { id: string }).id);
    }
    const read = (i: number) => fetch(`${url}/cases/${caseIds[i % CASES]}`, { headers });
    const event = (i: number) =>
      fetch(`${url}/cases/${caseIds[i % CASES]}/relocations`, { method: 'POST', headers, body: JSON.stringify({ kind: 'RELOCATED' }) });

    say(`API latency on the local stack: ${CASES} cases, ${RATE} requests/s for ${SECONDS} s each (after a warm-up)`);
    for (let i = 0; i < CASES; i++) await (await read(i)).arrayBuffer();
    report('read a case', RATE, await steady(RATE, SECONDS, read), 50);
    report('record an event', RATE, await steady(RATE, SECONDS, event), 150);

    await api.close();
    worker.shutdown();
    await running;
  } finally {
    await servers.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:api failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
