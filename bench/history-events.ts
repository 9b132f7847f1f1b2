/**
 * npm run --silent bench:history
 *
 * History events a CRITICAL case writes in a simulated year, summed over every run of its
 * workflow, with the production continue-as-new settings (the server's suggestion only). The
 * caseworker assesses 1 h after each first reminder, as in test/workflows/continue-as-new.test.ts.
 * Target: at most 2,000 events per case-year, so that a national caseload stays cheap to store
 * and fast to replay. Runs on the time-skipping server (provisioned by scripts/tools.ts).
 */
import { temporal } from '@temporalio/proto';
import { ensureTestServer } from '../scripts/tools';
import { assessCriticalCaseDaily, openCase } from '../test/support/case-scenarios';
import { HOUR } from '../test/support/time-skipping';
import { runHistories } from '../test/support/histories';
import { startTestbed } from '../test/support/recording-worker';

const TARGET = 2_000;
const DAYS = 365;
/** The cycle shown in the breakdown: the 23 h from one assessment to the next, mid-year. */
const SAMPLE_CYCLE = 180;

async function main(): Promise<void> {
  const started = Date.now();
  const bed = await startTestbed('bench-history', await ensureTestServer());
  try {
    const opened = await openCase(bed, 'CRITICAL');
    const assessments = await assessCriticalCaseDaily(bed, opened, DAYS);
    const histories = await runHistories(bed.env.client, opened.handle.workflowId, opened.handle.firstExecutionRunId);
    const events = histories.flatMap((history) =>
      history.events!.map((e) => ({ type: temporal.api.enums.v1.EventType[e.eventType!], at: Number(e.eventTime!.seconds) * 1000 })),
    );

    // Assessment n is recorded at t0 + 23 h * n (see assessCriticalCaseDaily); the cycle runs
    // from just after one to just after the next: one reminder (timer) and one assessment (update).
    const from = opened.t0 + 23 * HOUR * SAMPLE_CYCLE + HOUR / 2;
    const cycle = events.filter((e) => e.at >= from && e.at < from + 23 * HOUR);
    // Events of one wake-up share their time: group them so the breakdown shows what each costs.
    const wakeUps = new Map<number, string[]>();
    for (const { at, type } of cycle) wakeUps.set(at, [...(wakeUps.get(at) ?? []), type]);

    console.log(`history events per simulated case-year (CRITICAL): ${events.length}`);
    console.log(`target: at most ${TARGET}: ${events.length <= TARGET ? 'met' : 'NOT met'}`);
    console.log(
      `${assessments} assessments over ${DAYS} days, ${histories.length} run(s): ${histories.map((h) => h.events!.length).join(' + ')} events`,
    );
    console.log(
      `one day of the cadence, hours after assessment ${SAMPLE_CYCLE} (reminder at +22 h, assessment at +23 h): ${cycle.length} events`,
    );
    for (const [at, types] of wakeUps) {
      const counts = new Map<string, number>();
      for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
      const list = [...counts].map(([type, n]) => `${type.replace(/^EVENT_TYPE_/, '')}${n > 1 ? ` x${n}` : ''}`).join(', ');
      console.log(`  +${((at - from) / HOUR + 0.5).toFixed(0)} h: ${String(types.length).padStart(2)}  ${list}`);
    }
    // Waking for a timer costs at least 4 events (fired + a workflow task's 3), an update at least 5
    // (a workflow task's 3 + accepted + completed), whatever the workflow does then.
    console.log(`floor for one reminder and one assessment a day: ${assessments} x 9 = ${assessments * 9} events`);
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s, server start included)`);
  } finally {
    await bed.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
