/**
 * The invariants of docs/reassessment-policy.md (version 2) as properties, over generated cases
 * and organisation policies; and the whole schedule against the spec read literally (spec-deadlines.ts).
 */
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
import { applyCaseEvent, newCaseRecord, reopensClosedCase, toFacts, type CaseEvent, type CaseRecord } from '../../domain/case-events';
import { computeSchedule, DEFAULT_POLICY, parsePolicyOverride, Policy } from '../../domain/policy';
import { SPEC_EVENT_RULES, specDeadlines, specReopened } from './spec-deadlines';

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
  /** When the events that may reopen a case happened: releases, escapes, announcements (not release dates), serious incidents. */
  const reopeningAt = (facts: CaseFacts) => [
    ...facts.perpetratorEvents.filter((e) => e.type !== 'DETAINED').map((e) => instantMs(e.at)),
    ...facts.incidents.filter((i) => i.severity === 'HIGH' || i.severity === 'CRITICAL').map((i) => instantMs(i.at)),
  ];

  it('have nothing due unless released, escaped, a release announced or a HIGH or CRITICAL incident after the closure', () => {
    fc.assert(
      fc.property(factsArb, fc.nat(30 * DAY), (facts, after) => {
        const closedAt = isoInstant(Math.max(T0, ...reopeningAt(facts)) + after);
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

  /** Something after the closure that reopens the case (v2: also an announcement, a serious incident). */
  const reopeningArb: fc.Arbitrary<(facts: CaseFacts, at: string) => CaseFacts> = fc.oneof(
    fc.constantFrom('RELEASED', 'ESCAPED').map((type) => (f: CaseFacts, at: string) => ({
      ...f,
      perpetratorEvents: [...f.perpetratorEvents, { type, at }],
    })),
    instantArb.map((releaseDate) => (f: CaseFacts, at: string) => ({
      ...f,
      perpetratorEvents: [...f.perpetratorEvents, { type: 'RELEASE_ANNOUNCED' as const, at, releaseDate }],
    })),
    fc
      .constantFrom('HIGH', 'CRITICAL')
      .map((severity) => (f: CaseFacts, at: string) => ({ ...f, incidents: [...f.incidents, { at, severity }] })),
  );

  it('reopened after the closure are scheduled as if open', () => {
    fc.assert(
      fc.property(factsArb, policyArb, reopeningArb, fc.integer({ min: 1, max: 60 * DAY }), (facts, policy, reopen, later) => {
        const closedAt = facts.closedAt ?? facts.identifiedAt;
        const reopened = reopen({ ...facts, closedAt }, isoInstant(instantMs(closedAt) + later));
        expect(computeSchedule(reopened, policy)).toEqual(computeSchedule({ ...reopened, closedAt: null }, policy));
      }),
      RUNS,
    );
  });

  it("the workflow's record reopens exactly when the policy schedules the closed case", () => {
    const eventArb: fc.Arbitrary<CaseEvent> = fc.oneof(
      fc.record({
        type: fc.constant('perpetrator.status' as const),
        status: fc.constantFrom('RELEASED', 'ESCAPED', 'DETAINED'),
        at: instantArb,
      }),
      fc.record({
        type: fc.constant('perpetrator.status' as const),
        status: fc.constant('RELEASE_ANNOUNCED' as const),
        at: instantArb,
        releaseDate: instantArb,
      }),
      fc.record({
        type: fc.constant('incident.reported' as const),
        at: instantArb,
        incidentType: fc.constant('THREAT' as const),
        severity: levelArb,
      }),
    );
    fc.assert(
      fc.property(levelArb, instantArb, msArb, eventArb, (level, identifiedAt, closedMs, event) => {
        const closed: CaseRecord = { ...newCaseRecord(identifiedAt, level), closedAt: isoInstant(closedMs), stage: 'CLOSED' };
        const after = applyCaseEvent(closed, event);
        const policyFacts = { ...toFacts(after), closedAt: closed.closedAt };
        expect(after.closedAt === null).toBe(computeSchedule(policyFacts).dueAt !== null);
        expect(reopensClosedCase(closed, event)).toBe(after.closedAt === null);
      }),
      RUNS,
    );
  });
});

describe('v2: the latest assessment is the latest by its own time', () => {
  const assessmentArb = fc.record({ at: instantArb, riskLevel: levelArb });
  it('entered in any order, the level and time are those of the latest; of equal times, the one recorded last', () => {
    fc.assert(
      fc.property(levelArb, fc.array(assessmentArb, { minLength: 1, maxLength: 6 }), (opened, assessments) => {
        const record = assessments.reduce<CaseRecord>(
          (r, { at, riskLevel }) => applyCaseEvent(r, { type: 'assessment.completed', at, riskLevel, measures: [] }),
          newCaseRecord(isoInstant(T0), opened),
        );
        const latestMs = Math.max(...assessments.map((a) => instantMs(a.at)));
        const latest = assessments.filter((a) => instantMs(a.at) === latestMs).pop()!;
        expect(record.lastAssessment?.at).toBe(latest.at);
        expect(record.riskLevel).toBe(latest.riskLevel);
        // Version 1 took whichever was recorded last.
        const v1 = assessments.reduce<CaseRecord>(
          (r, { at, riskLevel }) => applyCaseEvent(r, { type: 'assessment.completed', at, riskLevel, measures: [] }, 1),
          newCaseRecord(isoInstant(T0), opened),
        );
        expect(v1.lastAssessment?.at).toBe(assessments.at(-1)!.at);
      }),
      RUNS,
    );
  });
});

describe('v2: a deadline set by an event escalates within hours', () => {
  it('dueAt, rule, reminders and escalations are those of the spec read literally, with and without overrides', () => {
    fc.assert(
      fc.property(factsArb, overrideArb, fc.boolean(), (facts, override, overridden) => {
        const policy = overridden ? parsePolicyOverride(override) : DEFAULT_POLICY;
        const schedule = computeSchedule(facts, policy);
        if (facts.closedAt !== null && !specReopened(facts)) return expect(schedule.dueAt).toBeNull();
        const deadlines = specDeadlines(facts, policy);
        const due = Math.min(...deadlines.map((d) => d.at));
        const giving = deadlines.filter((d) => d.at === due).map((d) => d.rule);
        const given = overridden ? override.levels[facts.riskLevel] : undefined;
        const lead = (given?.leadHours ?? SPEC_HOURS[facts.riskLevel].lead) * HOUR;
        const levelGrace = (given?.graceHours ?? SPEC_HOURS[facts.riskLevel].grace) * HOUR;
        const grace = giving.some((r) => SPEC_EVENT_RULES.includes(r)) ? Math.min(levelGrace, 6 * HOUR) : levelGrace;
        expect(schedule).toEqual({
          dueAt: isoInstant(due),
          rule: giving.includes(schedule.rule!) ? schedule.rule : giving,
          riskLevel: facts.riskLevel,
          remindAt: [isoInstant(due - lead), isoInstant(due)],
          escalateAt: [
            { at: isoInstant(due + grace), to: 'coordinator' },
            { at: isoInstant(due + 2 * grace), to: 'chain' },
          ],
        });
      }),
      RUNS,
    );
  });

  it('never escalates after the hearing or release a deadline prepares, when that deadline is 12 hours or more before it', () => {
    fc.assert(
      fc.property(openFactsArb, policyArb, (facts, policy) => {
        const { dueAt, escalateAt } = computeSchedule(facts, policy);
        const due = Date.parse(dueAt!);
        for (const { at, prepares, rule } of specDeadlines(facts, policy)) {
          if (at !== due || prepares === undefined || !SPEC_EVENT_RULES.includes(rule) || due > prepares - 12 * HOUR) continue;
          for (const escalation of escalateAt) expect(Date.parse(escalation.at)).toBeLessThanOrEqual(prepares);
        }
      }),
      RUNS,
    );
  });
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
