/**
 * What the payload codec costs: payloads per second encrypted and decrypted (a case workflow's
 * start input, about 400 bytes of JSON), and the latency it adds to starting a workflow on the
 * Temporal dev server (a client with the codec against one without, interleaved, same server).
 *
 *   npm run bench:codec [-- --payloads 50000 --starts 300]
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { log } from '../platform/logger';
import { createPayloadCodec } from '../platform/payload-codec';
import { caseLifecycleWorkflow } from '../workflows';
import { BENCH_DATA_KEY, startBenchServers } from './servers';
import { percentile, say } from './statistics';

const { values } = parseArgs({ options: { payloads: { type: 'string', default: '50000' }, starts: { type: 'string', default: '300' } } });
const PAYLOADS = Number(values.payloads);
const STARTS = Number(values.starts);

const caseInput = () => ({
  caseId: randomUUID(),
  organisationId: randomUUID(),
  caseCode: 'BG-2026-0042',
  identifiedAt: new Date().toISOString(),
  riskLevel: 'HIGH' as const,
  contacts: { caseworkerId: randomUUID(), coordinatorId: randomUUID(), designatedContactIds: [randomUUID(), randomUUID()] },
});

async function throughput(): Promise<void> {
  const codec = createPayloadCodec(BENCH_DATA_KEY);
  const plain = Array.from({ length: 1000 }, () => defaultPayloadConverter.toPayload(caseInput()));
  const bytes = plain[0].data!.length;
  let encoded = await codec.encode(plain);
  const rate = async (what: string, run: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    for (let done = 0; done < PAYLOADS; done += plain.length) await run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    say(`${what.padEnd(8)} ${Math.round(PAYLOADS / seconds).toLocaleString('en')} payloads/s (${bytes} bytes each)`);
  };
  await rate('encrypt', async () => {
    encoded = await codec.encode(plain);
  });
  await rate('decrypt', () => codec.decode(encoded));
}

async function startLatency(): Promise<void> {
  const servers = await startBenchServers('codec', process.env.DATABASE_URL, 38233);
  try {
    const encrypting = servers.client;
    const clear = new Client({ connection: encrypting.connection, namespace: 'default' });
    const timings = { clear: [] as number[], encrypting: [] as number[] };
    const start = async (client: Client, into: number[]) => {
      const begun = process.hrtime.bigint();
      // No worker polls this queue: a start is the server accepting the workflow, which is what the codec delays.
      await client.workflow.start(caseLifecycleWorkflow, {
        taskQueue: 'vigil-bench-codec',
        workflowId: `bench-${randomUUID()}`,
        args: [caseInput()],
      });
      into.push(Number(process.hrtime.bigint() - begun) / 1e6);
    };
    for (let i = 0; i < 20; i++) await start(i % 2 ? clear : encrypting, []); // warm-up
    for (let i = 0; i < STARTS; i++) {
      await start(clear, timings.clear);
      await start(encrypting, timings.encrypting);
      if ((i + 1) % 100 === 0) say(`  ${i + 1} pairs of starts`);
    }
    const stats = (ms: number[]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return { median: percentile(sorted, 50), p99: percentile(sorted, 99) };
    };
    const a = stats(timings.clear);
    const b = stats(timings.encrypting);
    say(`workflow start without codec: median ${a.median.toFixed(2)} ms, p99 ${a.p99.toFixed(2)} ms (${STARTS} starts)`);
    say(`workflow start with codec:    median ${b.median.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms (${STARTS} starts)`);
    say(`added by the codec: median ${(b.median - a.median).toFixed(2)} ms (target < 5 ms)`);
  } finally {
    await servers.stop();
  }
}

async function main(): Promise<void> {
  await throughput();
  await startLatency();
}

main().catch((error) => {
  log.error({ err: error }, 'codec bench failed');
  process.exitCode = 1;
});
