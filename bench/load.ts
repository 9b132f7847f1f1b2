/**
 * An open-loop load of HTTP requests (requests leave on schedule whether or not earlier ones have
 * answered) and its report, for the API latency benchmarks.
 */
import { say } from './statistics';

export interface Result {
  ms: number;
  ok: boolean;
}

/** Sends `request(i)` `rate` times a second for `seconds`, each on its own schedule; resolves with every latency. */
export async function steady(rate: number, seconds: number, request: (i: number) => Promise<Response>): Promise<Result[]> {
  const started = performance.now();
  const pending: Promise<Result>[] = [];
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      request(i).then(
        async (response) => {
          await response.arrayBuffer();
          return { ms: performance.now() - sent, ok: response.ok };
        },
        () => ({ ms: performance.now() - sent, ok: false }),
      ),
    );
  }
  return Promise.all(pending);
}

/** One line: median, p99 and max of the latencies, failures, and whether the p99 target is met. */
export function report(name: string, rate: number, results: Result[], targetMs?: number): void {
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const failed = results.filter((r) => !r.ok).length;
  const p99 = at(0.99);
  const target = targetMs === undefined ? '' : ` (target p99 < ${targetMs} ms: ${p99 < targetMs && failed === 0 ? 'met' : 'NOT met'})`;
  say(
    `${name.padEnd(16)} ${results.length} requests at ${rate}/s: median ${at(0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ` +
      `max ${sorted.at(-1)!.toFixed(1)} ms, failed ${failed}${target}`,
  );
}
