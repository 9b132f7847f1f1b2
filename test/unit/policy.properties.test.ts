/** The invariants of reassessment-policy.md as properties, over generated cases and organisation policies. */
import fc from 'fast-check';
import {
  CaseFacts,
  Hearing,
  instantMs,
  isoInstant,
  parseCaseFacts,
  PerpetratorEvent,
  RISK_LEVELS,
  RiskLevel,
} from '../../domain/case-facts';
import { computeSchedule, DEFAULT_POLICY, parsePolicyOverride, Policy } from '../../domain/policy';

const RUNS = { numRuns: 1000 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2027, 0, 1);

/** An instant as a user may write it: UTC or a local offset, with or without milliseconds. */
function written(ms: number, offsetMinutes: number, withMillis: boolean): string {
  const local = isoInstant(ms + offsetMinutes * MINUTE).slice(0, withMillis ? 23 : 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const offsetArb = fc.oneof(fc.constant(0), fc.constantFrom(60, 120, -300, 330, 545), fc.integer({ min: -14 * 60, max: 14 * 60 }));
/** Four months at minute (sometimes whole hour) resolution: windows overlap and rules tie now and then. */
const msArb = fc.oneof(
  fc.integer({ min: 0, max: 120 * 24 * 60 }).map((m) => T0 + m * MINUTE),
  fc.integer({ min: 0, max: 120 * 24 }).map((h) => T0 + h * HOUR),
);
const instantArb = fc
  .tuple(msArb, offsetArb, fc.boolean())
  .map(([ms, offset, withMillis]) => written(ms, offset, withMillis || ms % 1000 !== 0));

const levelArb = fc.constantFrom(...RISK_LEVELS);
const hearingArb: fc.Arbitrary<Hearing> = fc.record({ at: instantArb, status: fc.constantFrom('SCHEDULED', 'HELD', 'CANCELLED') });
const activeHearingArb: fc.Arbitrary<Hearing> = fc.record({ at: instantArb, status: fc.constantFrom('SCHEDULED', 'HELD') });
const releaseArb: fc.Arbitrary<PerpetratorEvent> = fc.oneof(
  fc.record({ type: fc.constantFrom('RELEASED', 'ESCAPED'), at: instantArb }),
  fc.record({ type: fc.constant('RELEASE_ANNOUNCED'), at: instantArb, releaseDate: instantArb }),
);
const perpetratorEventArb = fc.oneof(releaseArb, fc.record({ type: fc.constant('DETAINED' as const), at: instantArb }));
const incidentArb = fc.record({ at: instantArb, severity: levelArb });
const relocationArb = fc.record({ at: instantArb });

const factsArb: fc.Arbitrary<CaseFacts> = fc.record({
  riskLevel: levelArb,
  identifiedAt: instantArb,
  lastAssessmentAt: fc.option(instantArb, { nil: null, freq: 5 }),
  closedAt: fc.option(instantArb, { nil: null, freq: 3 }),
  hearings: fc.array(hearingArb, { maxLength: 4 }),
  perpetratorEvents: fc.array(perpetratorEventArb, { maxLength: 4 }),
  incidents: fc.array(incidentArb, { maxLength: 3 }),
  relocations: fc.array(relocationArb, { maxLength: 2 }),
});
const openFactsArb = factsArb.map((facts) => ({ ...facts, closedAt: null }));

/** The spec's table, in hours, independent of DEFAULT_POLICY. */
const SPEC_HOURS: Record<RiskLevel, { lead: number; grace: number }> = {
  LOW: { lead: 24, grace: 48 },
  MEDIUM: { lead: 24, grace: 48 },
  HIGH: { lead: 12, grace: 12 },
  CRITICAL: { lead: 2, grace: 2 },
};
const quarterHours = (min: number, max: number) => fc.integer({ min: min * 4, max: max * 4 }).map((q) => q / 4);
const levelOverrideArb = fc.record(
  { baseIntervalHours: quarterHours(24, 720), leadHours: quarterHours(0.25, 72), graceHours: quarterHours(0.25, 168) },
  { requiredKeys: [] },
);
type Override = { levels: Partial<Record<RiskLevel, { baseIntervalHours?: number; leadHours?: number; graceHours?: number }>> };
const overrideArb: fc.Arbitrary<Override> = fc.record({
  levels: fc.record(
    { LOW: levelOverrideArb, MEDIUM: levelOverrideArb, HIGH: levelOverrideArb, CRITICAL: levelOverrideArb },
    { requiredKeys: [] },
  ),
});
const policyArb: fc.Arbitrary<Policy> = fc.oneof(fc.constant(DEFAULT_POLICY), overrideArb.map(parsePolicyOverride));

/** Due instant in ms; a closed case (nothing due) counts as never. */
function dueMs(facts: CaseFacts, policy: Policy): number {
  const { dueAt } = computeSchedule(facts, policy);
  return dueAt === null ? Infinity : Date.parse(dueAt);
}

/** A of the spec: the last assessment, or the identification. */
const intervalsFrom = (facts: CaseFacts) => instantMs(facts.lastAssessmentAt ?? facts.identifiedAt);

it('1. for an open case, dueAt <= A + 30 days', () => {
  fc.assert(
    fc.property(openFactsArb, policyArb, (facts, policy) => {
      expect(dueMs(facts, policy)).toBeLessThanOrEqual(intervalsFrom(facts) + 30 * DAY);
    }),
    RUNS,
  );
});

it('2. a SCHEDULED hearing H with A in [H - 3 d, H) makes dueAt <= A + 1 day', () => {
  fc.assert(
    fc.property(openFactsArb, policyArb, fc.integer({ min: 1, max: 3 * DAY }), offsetArb, (facts, policy, ahead, offset) => {
      const a = intervalsFrom(facts);
      const hearing: Hearing = { at: written(a + ahead, offset, true), status: 'SCHEDULED' };
      expect(dueMs({ ...facts, hearings: [...facts.hearings, hearing] }, policy)).toBeLessThanOrEqual(a + DAY);
    }),
    RUNS,
  );
});

describe('3. adding an event never makes dueAt later', () => {
  const additions: [string, fc.Arbitrary<(facts: CaseFacts) => CaseFacts>][] = [
    ['a hearing not CANCELLED', activeHearingArb.map((h) => (f) => ({ ...f, hearings: [...f.hearings, h] }))],
    ['an incident', incidentArb.map((i) => (f) => ({ ...f, incidents: [...f.incidents, i] }))],
    ['a relocation', relocationArb.map((r) => (f) => ({ ...f, relocations: [...f.relocations, r] }))],
    [
      'a RELEASED, ESCAPED or RELEASE_ANNOUNCED event',
      releaseArb.map((e) => (f) => ({ ...f, perpetratorEvents: [...f.perpetratorEvents, e] })),
    ],
  ];
  it.each(additions)('%s', (_, additionArb) => {
    fc.assert(
      fc.property(factsArb, policyArb, additionArb, fc.nat(), (facts, policy, add, position) => {
        const added = add(facts);
        expect(dueMs(added, policy)).toBeLessThanOrEqual(dueMs(facts, policy));
        // Where it lands in the list does not matter either.
        const rotate = <T>(list: T[]) => [...list.slice(position % list.length), ...list.slice(0, position % list.length)];
        expect(
          dueMs(
            {
              ...added,
              hearings: rotate(added.hearings),
              incidents: rotate(added.incidents),
              perpetratorEvents: rotate(added.perpetratorEvents),
            },
            policy,
          ),
        ).toBe(dueMs(added, policy));
      }),
      RUNS,
    );
  });
});

it('4. cancelling a hearing gives the same result as removing it', () => {
  const withHearingArb = fc.tuple(factsArb, activeHearingArb, fc.nat()).map(([facts, hearing, n]) => {
    const hearings = [...facts.hearings];
    hearings.splice(n % (hearings.length + 1), 0, hearing);
    return { facts: { ...facts, hearings }, index: n % hearings.length };
  });
  fc.assert(
    fc.property(withHearingArb, policyArb, ({ facts, index }, policy) => {
      const cancelled = facts.hearings.map((h, i) => (i === index ? { ...h, status: 'CANCELLED' as const } : h));
      const removed = facts.hearings.filter((_, i) => i !== index);
      expect(computeSchedule({ ...facts, hearings: cancelled }, policy)).toEqual(computeSchedule({ ...facts, hearings: removed }, policy));
    }),
    RUNS,
  );
});

describe('5. the function is pure', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('same input, same output, whatever the clock says, and the input untouched', () => {
    jest.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('the policy must not draw random numbers');
    });
    fc.assert(
      fc.property(factsArb, policyArb, msArb, (facts, policy, now) => {
        const before = JSON.stringify(facts);
        jest.useFakeTimers({ now });
        const first = computeSchedule(facts, policy);
        jest.setSystemTime(now + 400 * DAY);
        const second = computeSchedule(facts, policy);
        jest.useRealTimers();
        expect(second).toEqual(first);
        expect(JSON.stringify(facts)).toBe(before);
      }),
      RUNS,
    );
  });
});

it('6. for an open case dueAt is never null, and after lastAssessmentAt when set', () => {
  fc.assert(
    fc.property(openFactsArb, policyArb, (facts, policy) => {
      const { dueAt } = computeSchedule(facts, policy);
      expect(dueAt).not.toBeNull();
      if (facts.lastAssessmentAt !== null) expect(Date.parse(dueAt!)).toBeGreaterThan(instantMs(facts.lastAssessmentAt));
    }),
    RUNS,
  );
});

describe('closed cases', () => {
  const releasedAt = (facts: CaseFacts) =>
    facts.perpetratorEvents.filter((e) => e.type === 'RELEASED' || e.type === 'ESCAPED').map((e) => instantMs(e.at));

  it('have nothing due unless released after the closure', () => {
    fc.assert(
      fc.property(factsArb, fc.nat(30 * DAY), (facts, after) => {
        const closedAt = isoInstant(Math.max(T0, ...releasedAt(facts)) + after);
        expect(computeSchedule({ ...facts, closedAt })).toEqual({
          dueAt: null,
          rule: null,
          riskLevel: facts.riskLevel,
          remindAt: [],
          escalateAt: [],
        });
      }),
      RUNS,
    );
  });

  it('released after the closure are scheduled as if open', () => {
    fc.assert(
      fc.property(
        factsArb,
        policyArb,
        fc.constantFrom('RELEASED', 'ESCAPED') as fc.Arbitrary<'RELEASED' | 'ESCAPED'>,
        fc.integer({ min: 1, max: 60 * DAY }),
        (facts, policy, type, later) => {
          const closedAt = facts.closedAt ?? facts.identifiedAt;
          const reopened = {
            ...facts,
            closedAt,
            perpetratorEvents: [...facts.perpetratorEvents, { type, at: isoInstant(instantMs(closedAt) + later) }],
          };
          expect(computeSchedule(reopened, policy)).toEqual(computeSchedule({ ...reopened, closedAt: null }, policy));
        },
      ),
      RUNS,
    );
  });
});

it('reminders and escalations follow dueAt by the level’s lead and grace', () => {
  fc.assert(
    fc.property(openFactsArb, overrideArb, (facts, override) => {
      const { dueAt, remindAt, escalateAt } = computeSchedule(facts, parsePolicyOverride(override));
      const given = override.levels[facts.riskLevel];
      const lead = (given?.leadHours ?? SPEC_HOURS[facts.riskLevel].lead) * HOUR;
      const grace = (given?.graceHours ?? SPEC_HOURS[facts.riskLevel].grace) * HOUR;
      const due = Date.parse(dueAt!);
      expect(remindAt).toEqual([isoInstant(due - lead), dueAt]);
      expect(escalateAt).toEqual([
        { at: isoInstant(due + grace), to: 'coordinator' },
        { at: isoInstant(due + 2 * grace), to: 'chain' },
      ]);
    }),
    RUNS,
  );
});

describe('parsing', () => {
  it('any valid facts round-trip through parseCaseFacts, also as JSON', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        expect(parseCaseFacts(facts)).toEqual(facts);
        expect(parseCaseFacts(JSON.parse(JSON.stringify(facts)))).toEqual(facts);
      }),
      RUNS,
    );
  });

  it('missing lists and nullable instants read as empty and null', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.subarray(['lastAssessmentAt', 'closedAt', 'hearings', 'perpetratorEvents', 'incidents', 'relocations'] as const),
        (facts, dropped) => {
          const input: Partial<CaseFacts> = { ...facts };
          for (const key of dropped) delete input[key];
          const empty = { lastAssessmentAt: null, closedAt: null, hearings: [], perpetratorEvents: [], incidents: [], relocations: [] };
          expect(parseCaseFacts(input)).toEqual({ ...facts, ...Object.fromEntries(dropped.map((k) => [k, empty[k]])) });
        },
      ),
      RUNS,
    );
  });

  it('an instant written with any offset reads back as the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), offsetArb, (ms, offset) => {
        expect(instantMs(written(ms, offset, true))).toBe(ms);
      }),
      RUNS,
    );
  });
});
