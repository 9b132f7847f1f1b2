/**
 * npm run --silent bench:policy
 *
 * Policy evaluations per second over generated, realistic cases (a few hearings, perpetrator
 * events, incidents, relocations; some closed). Target: at least 100,000/s, so that a worker can
 * recompute every case of an organisation after a policy change without noticing.
 */
import { CaseFacts, isoInstant, PerpetratorEvent, RISK_LEVELS } from '../domain/case-facts';
import { computeSchedule } from '../domain/policy';

const CASES = 2_000;
const WARM_UP_ROUNDS = 3;
const TIMED_ROUNDS = 9;
const ROUND_MS = 300;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Seeded (mulberry32) so every run measures the same cases. */
function randomSource(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateCases(count: number): CaseFacts[] {
  const random = randomSource(2021);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const upTo = (n: number) => Math.floor(random() * (n + 1));
  const start = Date.UTC(2027, 0, 1);
  return Array.from({ length: count }, () => {
    const identified = start + Math.floor(random() * 300 * DAY);
    // Half an hour granularity, a few months into the case: the rules' windows overlap as in real cases.
    const later = () => isoInstant(identified + Math.floor(random() * 120 * 48) * (HOUR / 2));
    const events: PerpetratorEvent[] = [];
    for (let i = upTo(2); i > 0; i--) {
      const type = pick(['RELEASE_ANNOUNCED', 'RELEASED', 'ESCAPED', 'DETAINED'] as const);
      events.push(type === 'RELEASE_ANNOUNCED' ? { type, at: later(), releaseDate: later() } : { type, at: later() });
    }
    return {
      riskLevel: pick(RISK_LEVELS),
      identifiedAt: isoInstant(identified),
      lastAssessmentAt: random() < 0.9 ? later() : null,
      closedAt: random() < 0.1 ? later() : null,
      hearings: Array.from({ length: upTo(3) }, () => ({ at: later(), status: pick(['SCHEDULED', 'HELD', 'CANCELLED'] as const) })),
      perpetratorEvents: events,
      incidents: Array.from({ length: upTo(3) }, () => ({ at: later(), severity: pick(RISK_LEVELS) })),
      relocations: Array.from({ length: upTo(1) }, () => ({ at: later() })),
    };
  });
}

/** Evaluations per second of one round; `sink` keeps the results observable so none is optimised away. */
function round(cases: readonly CaseFacts[]): { perSecond: number; sink: number } {
  let evaluations = 0;
  let sink = 0;
  const began = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (const facts of cases) sink += computeSchedule(facts).remindAt.length;
    evaluations += cases.length;
    elapsed = performance.now() - began;
  }
  return { perSecond: (evaluations / elapsed) * 1000, sink };
}

const cases = generateCases(CASES);
let sink = 0;
for (let i = 0; i < WARM_UP_ROUNDS; i++) sink += round(cases).sink;
const rates: number[] = [];
for (let i = 0; i < TIMED_ROUNDS; i++) {
  const result = round(cases);
  sink += result.sink;
  rates.push(result.perSecond);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)];
console.log(`rounds (evaluations/s, sorted): ${rates.map(Math.round).join(' ')}`);
console.log(`cases: ${CASES}, checksum: ${sink}`);
console.log(`policy evaluations/s: ${Math.round(median)}`);
