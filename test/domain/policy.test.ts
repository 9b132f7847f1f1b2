import { CaseFacts, Hearing, InvalidInputError } from '../../domain/case-facts';
import { computeSchedule, DEFAULT_POLICY, parsePolicyOverride, Policy, RuleName, RuleWindows } from '../../domain/policy';

const DAY = 24 * 3_600_000;

/** A LOW case identified 2027-01-10T08:00Z and assessed 2027-01-11T09:00Z: base due 2027-02-10T09:00Z. */
function facts(changes: Partial<CaseFacts> = {}): CaseFacts {
  return {
    riskLevel: 'LOW',
    identifiedAt: '2027-01-10T08:00:00Z',
    lastAssessmentAt: '2027-01-11T09:00:00Z',
    closedAt: null,
    hearings: [],
    perpetratorEvents: [],
    incidents: [],
    relocations: [],
    ...changes,
  };
}

function due(caseFacts: CaseFacts, policy?: Policy): { dueAt: string | null; rule: RuleName | null } {
  const { dueAt, rule } = computeSchedule(caseFacts, policy);
  return { dueAt, rule };
}

/** The default policy without some windows: isolates a rule that another one always precedes. */
function without(...rules: (keyof RuleWindows)[]): Policy {
  const empty = { fromMs: 0, untilMs: 0, intervalMs: DAY };
  return { ...DEFAULT_POLICY, windows: { ...DEFAULT_POLICY.windows, ...Object.fromEntries(rules.map((r) => [r, empty])) } };
}

describe('base', () => {
  it('gives the whole schedule of the spec example', () => {
    expect(computeSchedule(facts({ riskLevel: 'MEDIUM' }))).toEqual({
      dueAt: '2027-01-25T09:00:00.000Z',
      rule: 'base',
      riskLevel: 'MEDIUM',
      remindAt: ['2027-01-24T09:00:00.000Z', '2027-01-25T09:00:00.000Z'],
      escalateAt: [
        { at: '2027-01-27T09:00:00.000Z', to: 'coordinator' },
        { at: '2027-01-29T09:00:00.000Z', to: 'chain' },
      ],
    });
  });

  it.each([
    ['LOW', '2027-02-10T09:00:00.000Z', '2027-02-09T09:00:00.000Z', '2027-02-12T09:00:00.000Z', '2027-02-14T09:00:00.000Z'],
    ['HIGH', '2027-01-18T09:00:00.000Z', '2027-01-17T21:00:00.000Z', '2027-01-18T21:00:00.000Z', '2027-01-19T09:00:00.000Z'],
    ['CRITICAL', '2027-01-12T09:00:00.000Z', '2027-01-12T07:00:00.000Z', '2027-01-12T11:00:00.000Z', '2027-01-12T13:00:00.000Z'],
  ] as const)('%s: due %s, reminded at lead, escalated after grace and twice grace', (riskLevel, dueAt, remind, coordinator, chain) => {
    expect(computeSchedule(facts({ riskLevel }))).toEqual({
      dueAt,
      rule: 'base',
      riskLevel,
      remindAt: [remind, dueAt],
      escalateAt: [
        { at: coordinator, to: 'coordinator' },
        { at: chain, to: 'chain' },
      ],
    });
  });

  it('counts from the identification until the first assessment, in exact days across daylight saving', () => {
    const caseFacts = facts({
      identifiedAt: '2027-03-20T10:00:00+01:00',
      lastAssessmentAt: '2027-03-21T10:00:00+01:00',
      riskLevel: 'MEDIUM',
    });
    // 14 x 24 h after 09:00Z is 09:00Z, i.e. 11:00 in Belgrade after the switch to summer time.
    expect(due(caseFacts)).toEqual({ dueAt: '2027-04-04T09:00:00.000Z', rule: 'base' });
  });
});

describe('new-case', () => {
  it('is due 24 h after identification while no assessment was done', () => {
    expect(due(facts({ lastAssessmentAt: null }))).toEqual({ dueAt: '2027-01-11T08:00:00.000Z', rule: 'new-case' });
  });

  it('wins a tie with the CRITICAL base interval', () => {
    expect(due(facts({ lastAssessmentAt: null, riskLevel: 'CRITICAL' }))).toEqual({ dueAt: '2027-01-11T08:00:00.000Z', rule: 'new-case' });
  });

  it('applies when the only assessment is older than the identification', () => {
    expect(due(facts({ lastAssessmentAt: '2027-01-10T07:00:00Z' }))).toEqual({ dueAt: '2027-01-11T08:00:00.000Z', rule: 'new-case' });
  });

  it('is satisfied by an assessment at the identification instant or after', () => {
    expect(due(facts({ lastAssessmentAt: '2027-01-10T08:00:00Z' }))).toEqual({ dueAt: '2027-02-09T08:00:00.000Z', rule: 'base' });
  });
});

describe('hearings', () => {
  const hearing = (status: Hearing['status']): Hearing[] => [{ at: '2027-02-15T09:00:00Z', status }];

  it('hearing-weekly: due when the window opens at hearing - 14 days', () => {
    expect(due(facts({ hearings: hearing('SCHEDULED') }))).toEqual({ dueAt: '2027-02-01T09:00:00.000Z', rule: 'hearing-weekly' });
  });

  it('hearing-weekly: 7 days after an assessment inside the window', () => {
    const caseFacts = facts({ hearings: hearing('SCHEDULED'), lastAssessmentAt: '2027-02-03T10:00:00Z' });
    expect(due(caseFacts)).toEqual({ dueAt: '2027-02-10T10:00:00.000Z', rule: 'hearing-weekly' });
  });

  it('hearing-daily: due when its window opens at hearing - 3 days, once 7 days would pass it', () => {
    const caseFacts = facts({ hearings: hearing('SCHEDULED'), lastAssessmentAt: '2027-02-08T10:00:00Z' });
    expect(due(caseFacts)).toEqual({ dueAt: '2027-02-12T09:00:00.000Z', rule: 'hearing-daily' });
  });

  it.each(['SCHEDULED', 'HELD'] as const)('hearing-daily: one day after an assessment inside the window (%s)', (status) => {
    const caseFacts = facts({ hearings: hearing(status), lastAssessmentAt: '2027-02-12T10:00:00Z' });
    expect(due(caseFacts)).toEqual({ dueAt: '2027-02-13T10:00:00.000Z', rule: 'hearing-daily' });
  });

  it('hearing-daily: runs until the day after the hearing, and not beyond', () => {
    const justBefore = facts({ hearings: hearing('HELD'), lastAssessmentAt: '2027-02-15T08:00:00Z' });
    expect(due(justBefore)).toEqual({ dueAt: '2027-02-16T08:00:00.000Z', rule: 'hearing-daily' });
    const after = facts({ hearings: hearing('SCHEDULED'), lastAssessmentAt: '2027-02-15T10:00:00Z' });
    expect(due(after)).toEqual({ dueAt: '2027-03-17T10:00:00.000Z', rule: 'base' });
  });

  it('pre-hearing: due at hearing - 24 h unless assessed in the 3 days before the hearing', () => {
    const policy = without('hearing-daily');
    expect(due(facts({ hearings: hearing('SCHEDULED'), lastAssessmentAt: '2027-02-08T10:00:00Z' }), policy)).toEqual({
      dueAt: '2027-02-14T09:00:00.000Z',
      rule: 'pre-hearing',
    });
    expect(due(facts({ hearings: hearing('SCHEDULED'), lastAssessmentAt: '2027-02-12T09:00:00Z' }), policy)).toEqual({
      dueAt: '2027-03-14T09:00:00.000Z',
      rule: 'base',
    });
  });

  it('hearing-debrief: due at hearing + 24 h for a held hearing not assessed since', () => {
    const policy = without('hearing-daily');
    expect(due(facts({ hearings: hearing('HELD'), lastAssessmentAt: '2027-02-08T10:00:00Z' }), policy)).toEqual({
      dueAt: '2027-02-16T09:00:00.000Z',
      rule: 'hearing-debrief',
    });
    expect(due(facts({ hearings: hearing('HELD'), lastAssessmentAt: '2027-02-15T09:30:00Z' }), policy)).toEqual({
      dueAt: '2027-03-17T09:30:00.000Z',
      rule: 'base',
    });
  });

  it('a cancelled hearing counts as no hearing', () => {
    for (const lastAssessmentAt of ['2027-01-11T09:00:00Z', '2027-02-12T10:00:00Z', '2027-02-15T08:00:00Z']) {
      const cancelled = due(facts({ hearings: hearing('CANCELLED'), lastAssessmentAt }));
      expect(cancelled).toEqual(due(facts({ lastAssessmentAt })));
      expect(cancelled.rule).toBe('base');
    }
  });
});

describe('perpetrator', () => {
  const released = { type: 'RELEASED', at: '2027-03-20T08:00:00Z' } as const;

  it('release-announced: daily from release date - 7 days until the release date', () => {
    const announced = { type: 'RELEASE_ANNOUNCED', at: '2027-03-01T10:00:00Z', releaseDate: '2027-03-20T08:00:00Z' } as const;
    const at = (lastAssessmentAt: string) => due(facts({ perpetratorEvents: [announced], lastAssessmentAt }));
    expect(at('2027-03-01T11:00:00Z')).toEqual({ dueAt: '2027-03-13T08:00:00.000Z', rule: 'release-announced' });
    expect(at('2027-03-15T12:00:00Z')).toEqual({ dueAt: '2027-03-16T12:00:00.000Z', rule: 'release-announced' });
    expect(at('2027-03-19T09:00:00Z')).toEqual({ dueAt: '2027-04-18T09:00:00.000Z', rule: 'base' });
  });

  it.each(['RELEASED', 'ESCAPED'] as const)('release-immediate: %s is due at the very instant', (type) => {
    const caseFacts = facts({ perpetratorEvents: [{ type, at: '2027-03-20T08:00:00Z' }], lastAssessmentAt: '2027-03-19T09:00:00Z' });
    expect(due(caseFacts)).toEqual({ dueAt: '2027-03-20T08:00:00.000Z', rule: 'release-immediate' });
  });

  it('release-daily: daily for 14 days after the release', () => {
    const at = (lastAssessmentAt: string) => due(facts({ perpetratorEvents: [released], lastAssessmentAt }));
    expect(at('2027-03-20T10:00:00Z')).toEqual({ dueAt: '2027-03-21T10:00:00.000Z', rule: 'release-daily' });
    expect(at('2027-04-02T07:00:00Z')).toEqual({ dueAt: '2027-04-03T07:00:00.000Z', rule: 'release-daily' });
  });

  it('release-weekly: weekly from day 14 until day 60', () => {
    const at = (lastAssessmentAt: string) => due(facts({ perpetratorEvents: [released], lastAssessmentAt }));
    expect(at('2027-04-02T10:00:00Z')).toEqual({ dueAt: '2027-04-09T10:00:00.000Z', rule: 'release-weekly' });
    expect(at('2027-04-03T09:00:00Z')).toEqual({ dueAt: '2027-04-10T09:00:00.000Z', rule: 'release-weekly' });
    expect(at('2027-05-12T07:00:00Z')).toEqual({ dueAt: '2027-05-19T07:00:00.000Z', rule: 'release-weekly' });
    expect(at('2027-05-15T09:00:00Z')).toEqual({ dueAt: '2027-06-14T09:00:00.000Z', rule: 'base' });
  });

  it('DETAINED after the release ends the release windows', () => {
    const detained = { type: 'DETAINED', at: '2027-03-25T12:00:00Z' } as const;
    expect(due(facts({ perpetratorEvents: [released, detained], lastAssessmentAt: '2027-03-24T10:00:00Z' }))).toEqual({
      dueAt: '2027-03-25T10:00:00.000Z',
      rule: 'release-daily',
    });
    expect(due(facts({ perpetratorEvents: [released, detained], lastAssessmentAt: '2027-03-25T13:00:00Z' }))).toEqual({
      dueAt: '2027-04-24T13:00:00.000Z',
      rule: 'base',
    });
    expect(due(facts({ perpetratorEvents: [released], lastAssessmentAt: '2027-03-25T13:00:00Z' }))).toEqual({
      dueAt: '2027-03-26T13:00:00.000Z',
      rule: 'release-daily',
    });
  });

  it('a detention before or at the release instant does not end its windows', () => {
    for (const at of ['2027-03-01T00:00:00Z', '2027-03-20T08:00:00Z']) {
      const caseFacts = facts({ perpetratorEvents: [{ type: 'DETAINED', at }, released], lastAssessmentAt: '2027-03-25T13:00:00Z' });
      expect(due(caseFacts)).toEqual({ dueAt: '2027-03-26T13:00:00.000Z', rule: 'release-daily' });
    }
  });

  it('the first detention after the release counts, whatever the order of the list', () => {
    const later = { type: 'DETAINED', at: '2027-05-01T00:00:00Z' } as const;
    const first = { type: 'DETAINED', at: '2027-04-12T00:00:00Z' } as const;
    const assessed = '2027-04-08T09:00:00Z';
    expect(due(facts({ perpetratorEvents: [later, released], lastAssessmentAt: assessed }))).toEqual({
      dueAt: '2027-04-15T09:00:00.000Z',
      rule: 'release-weekly',
    });
    expect(due(facts({ perpetratorEvents: [later, released, first], lastAssessmentAt: assessed }))).toEqual({
      dueAt: '2027-05-08T09:00:00.000Z',
      rule: 'base',
    });
  });

  it('an escape after a re-arrest starts the release rules again', () => {
    const events = [released, { type: 'DETAINED', at: '2027-03-25T12:00:00Z' }, { type: 'ESCAPED', at: '2027-04-20T06:00:00Z' }] as const;
    expect(due(facts({ perpetratorEvents: [...events], lastAssessmentAt: '2027-04-19T10:00:00Z' }))).toEqual({
      dueAt: '2027-04-20T06:00:00.000Z',
      rule: 'release-immediate',
    });
  });
});

describe('incidents', () => {
  const incident = (severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL') => [{ at: '2027-02-10T18:30:00Z', severity }];

  it.each(['HIGH', 'CRITICAL'] as const)('incident-immediate: a %s incident within 4 hours', (severity) => {
    const caseFacts = facts({ incidents: incident(severity), lastAssessmentAt: '2027-02-10T08:00:00Z' });
    expect(due(caseFacts)).toEqual({ dueAt: '2027-02-10T22:30:00.000Z', rule: 'incident-immediate' });
  });

  it.each(['LOW', 'MEDIUM'] as const)('incident-immediate: a %s incident within 24 hours', (severity) => {
    const caseFacts = facts({ incidents: incident(severity), lastAssessmentAt: '2027-02-10T08:00:00Z' });
    expect(due(caseFacts, without('incident-daily'))).toEqual({ dueAt: '2027-02-11T18:30:00.000Z', rule: 'incident-immediate' });
    expect(due(caseFacts)).toEqual({ dueAt: '2027-02-11T08:00:00.000Z', rule: 'incident-daily' });
  });

  it('incident-daily: at once when the last assessment is more than a day old', () => {
    const caseFacts = facts({ incidents: incident('HIGH'), lastAssessmentAt: '2027-02-09T08:00:00Z' });
    expect(due(caseFacts)).toEqual({ dueAt: '2027-02-10T18:30:00.000Z', rule: 'incident-daily' });
  });

  it('incident-daily: daily for 7 days after the incident', () => {
    const at = (lastAssessmentAt: string) => due(facts({ incidents: incident('LOW'), lastAssessmentAt }));
    expect(at('2027-02-12T09:00:00Z')).toEqual({ dueAt: '2027-02-13T09:00:00.000Z', rule: 'incident-daily' });
    expect(at('2027-02-16T18:00:00Z')).toEqual({ dueAt: '2027-02-17T18:00:00.000Z', rule: 'incident-daily' });
    expect(at('2027-02-16T20:00:00Z')).toEqual({ dueAt: '2027-03-18T20:00:00.000Z', rule: 'base' });
  });
});

describe('relocation', () => {
  const relocations = [{ at: '2027-02-12T12:00:00Z' }];

  it('is due 24 h after the move', () => {
    expect(due(facts({ relocations, lastAssessmentAt: '2027-02-01T09:00:00Z' }))).toEqual({
      dueAt: '2027-02-13T12:00:00.000Z',
      rule: 'relocation',
    });
  });

  it('is satisfied by an assessment at the move or after', () => {
    expect(due(facts({ relocations, lastAssessmentAt: '2027-02-12T12:00:00Z' }))).toEqual({
      dueAt: '2027-03-14T12:00:00.000Z',
      rule: 'base',
    });
  });
});

describe('closed case', () => {
  const closed = facts({
    riskLevel: 'HIGH',
    lastAssessmentAt: '2027-02-27T09:00:00Z',
    closedAt: '2027-03-01T12:00:00Z',
    hearings: [{ at: '2027-03-03T09:00:00Z', status: 'SCHEDULED' }],
    // A MEDIUM incident after the closure and a release announced before it (for after it) reopen nothing.
    incidents: [{ at: '2027-03-02T09:00:00Z', severity: 'MEDIUM' }],
    perpetratorEvents: [
      { type: 'RELEASED', at: '2027-02-20T08:00:00Z' },
      { type: 'DETAINED', at: '2027-02-22T08:00:00Z' },
      { type: 'RELEASE_ANNOUNCED', at: '2027-02-28T08:00:00Z', releaseDate: '2027-03-20T08:00:00Z' },
    ],
  });
  const nothingDue = { dueAt: null, rule: null, riskLevel: 'HIGH', remindAt: [], escalateAt: [] };

  it('has nothing due without a release, escape, announced release or serious incident after the closure', () => {
    expect(computeSchedule(closed)).toEqual(nothingDue);
  });

  it('v2: is reopened by a release announced after the closure (the announcement counts, not the release date)', () => {
    const announced = { type: 'RELEASE_ANNOUNCED', at: '2027-03-01T12:00:01Z', releaseDate: '2027-03-10T08:00:00Z' } as const;
    const reopened = { ...closed, hearings: [], incidents: [], perpetratorEvents: [...closed.perpetratorEvents, announced] };
    expect(due(reopened)).toEqual({ dueAt: '2027-03-03T08:00:00.000Z', rule: 'release-announced' });
    expect(computeSchedule(reopened)).toEqual(computeSchedule({ ...reopened, closedAt: null }));
    expect(computeSchedule(reopened, DEFAULT_POLICY, 1)).toEqual(nothingDue);
  });

  it.each(['HIGH', 'CRITICAL'] as const)('v2: is reopened by a %s incident after the closure', (severity) => {
    const reopened = { ...closed, hearings: [], incidents: [{ at: '2027-03-05T09:00:00Z', severity }] };
    expect(due(reopened)).toEqual({ dueAt: '2027-03-05T09:00:00.000Z', rule: 'incident-daily' });
    expect(computeSchedule(reopened)).toEqual(computeSchedule({ ...reopened, closedAt: null }));
    expect(computeSchedule(reopened, DEFAULT_POLICY, 1)).toEqual(nothingDue);
  });

  it.each(['LOW', 'MEDIUM'] as const)(
    'stays closed for a %s incident after the closure, and a serious one at its very instant',
    (severity) => {
      expect(computeSchedule({ ...closed, incidents: [{ at: '2027-03-05T09:00:00Z', severity }] })).toEqual(nothingDue);
      expect(computeSchedule({ ...closed, incidents: [{ at: '2027-03-01T12:00:00Z', severity: 'CRITICAL' }] })).toEqual(nothingDue);
    },
  );

  it('stays closed for a release at the very instant of closure', () => {
    const events = [...closed.perpetratorEvents, { type: 'ESCAPED', at: '2027-03-01T12:00:00Z' } as const];
    expect(computeSchedule({ ...closed, perpetratorEvents: events }).dueAt).toBeNull();
  });

  it.each(['RELEASED', 'ESCAPED'] as const)('is reopened by a %s after the closure, with every rule applying', (type) => {
    const reopened = { ...closed, perpetratorEvents: [...closed.perpetratorEvents, { type, at: '2027-03-04T08:00:00Z' }] };
    expect(due(reopened)).toEqual({ dueAt: '2027-02-28T09:00:00.000Z', rule: 'hearing-daily' });
    expect(due({ ...reopened, hearings: [] })).toEqual({ dueAt: '2027-03-02T09:00:00.000Z', rule: 'incident-daily' });
    expect(due({ ...reopened, hearings: [], incidents: [] })).toEqual({ dueAt: '2027-03-04T08:00:00.000Z', rule: 'release-immediate' });
    expect(computeSchedule(reopened)).toEqual(computeSchedule({ ...reopened, closedAt: null }));
  });
});

describe('organisation overrides', () => {
  it('an empty override is the default policy', () => {
    expect(parsePolicyOverride({})).toEqual(DEFAULT_POLICY);
    expect(parsePolicyOverride({ levels: {} })).toEqual(DEFAULT_POLICY);
  });

  it('changes only the values given', () => {
    const policy = parsePolicyOverride({
      levels: { HIGH: { baseIntervalHours: 120, leadHours: 6, graceHours: 12 }, CRITICAL: { leadHours: 0.25 } },
    });
    expect(computeSchedule(facts({ riskLevel: 'HIGH' }), policy)).toEqual({
      dueAt: '2027-01-16T09:00:00.000Z',
      rule: 'base',
      riskLevel: 'HIGH',
      remindAt: ['2027-01-16T03:00:00.000Z', '2027-01-16T09:00:00.000Z'],
      escalateAt: [
        { at: '2027-01-16T21:00:00.000Z', to: 'coordinator' },
        { at: '2027-01-17T09:00:00.000Z', to: 'chain' },
      ],
    });
    expect(computeSchedule(facts({ riskLevel: 'CRITICAL' }), policy)).toMatchObject({
      dueAt: '2027-01-12T09:00:00.000Z',
      remindAt: ['2027-01-12T08:45:00.000Z', '2027-01-12T09:00:00.000Z'],
      escalateAt: [{ at: '2027-01-12T11:00:00.000Z' }, { at: '2027-01-12T13:00:00.000Z' }],
    });
    expect(due(facts({ riskLevel: 'MEDIUM' }), policy)).toEqual({ dueAt: '2027-01-25T09:00:00.000Z', rule: 'base' });
    expect(policy.windows).toBe(DEFAULT_POLICY.windows);
  });

  it.each([
    ['baseIntervalHours', 24, 24 * 3_600_000],
    ['baseIntervalHours', 720, 30 * DAY],
    ['leadHours', 0.25, 15 * 60_000],
    ['leadHours', 72, 72 * 3_600_000],
    ['graceHours', 0.25, 15 * 60_000],
    ['graceHours', 168, 7 * DAY],
  ] as const)('accepts %s = %d, the bound', (key, hours, ms) => {
    const levels = parsePolicyOverride({ levels: { LOW: { [key]: hours } } }).levels;
    const field = { baseIntervalHours: 'baseIntervalMs', leadHours: 'reminderLeadMs', graceHours: 'graceMs' } as const;
    expect(levels.LOW[field[key]]).toBe(ms);
  });

  it.each([
    [{ levels: { HIGH: { baseIntervalHours: 23.99 } } }, 'levels.HIGH.baseIntervalHours', /from 24 to 720 \(1 to 30 days\)/],
    [{ levels: { HIGH: { baseIntervalHours: 720.01 } } }, 'levels.HIGH.baseIntervalHours', /from 24 to 720/],
    [{ levels: { LOW: { leadHours: 0.24 } } }, 'levels.LOW.leadHours', /from 0.25 to 72 \(15 minutes to 72 hours\)/],
    [{ levels: { LOW: { leadHours: 72.01 } } }, 'levels.LOW.leadHours', /from 0.25 to 72/],
    [{ levels: { HIGH: { graceHours: 0.2 } } }, 'levels.HIGH.graceHours', /from 0.25 to 168 \(15 minutes to 7 days\)/],
    [{ levels: { HIGH: { graceHours: 168.5 } } }, 'levels.HIGH.graceHours', /from 0.25 to 168/],
    [{ levels: { MEDIUM: { graceHours: '12' } } }, 'levels.MEDIUM.graceHours', /must be a number/],
    [{ levels: { MEDIUM: { graceHours: null } } }, 'levels.MEDIUM.graceHours', /must be a number/],
    [{ levels: { MEDIUM: { graceDays: 2 } } }, 'levels.MEDIUM.graceDays', /unknown field/],
    [{ levels: { SEVERE: {} } }, 'levels.SEVERE', /unknown field/],
    [{ levels: { LOW: 12 } }, 'levels.LOW', /must be a JSON object/],
    [{ levels: [] }, 'levels', /must be a JSON object/],
    [{ windows: {} }, 'windows', /unknown field/],
    [null, '', /must be a JSON object/],
  ])('rejects %j naming %s', (input, field, message) => {
    let error: unknown;
    try {
      parsePolicyOverride(input);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect((error as InvalidInputError).message).toMatch(message);
  });
});

it('refuses facts whose instants do not parse, naming the field, rather than dropping the rule', () => {
  expect(() => computeSchedule(facts({ hearings: [{ at: '2027-02-15T09:00:00', status: 'SCHEDULED' }] }))).toThrow(/^hearings\[0\]\.at: /);
  expect(() =>
    computeSchedule(
      facts({ perpetratorEvents: [{ type: 'RELEASE_ANNOUNCED', at: '2027-03-01T10:00:00Z', releaseDate: '2027-02-30T08:00:00Z' }] }),
    ),
  ).toThrow(/^perpetratorEvents\[0\]\.releaseDate: /);
});

/**
 * The study's cases as dated stories (Belgrade local times, so daylight saving is crossed). Each
 * step is the case's facts at one point and the reassessment then due.
 */
type Step = [story: string, facts: CaseFacts, dueAt: string | null, rule: RuleName | null];

describe('ASTRA ID 4769: bribe and threats before the main hearing', () => {
  const identified = facts({ riskLevel: 'MEDIUM', identifiedAt: '2027-03-01T10:00:00+01:00', lastAssessmentAt: null });
  const scheduled: Hearing = { at: '2027-04-12T09:00:00+02:00', status: 'SCHEDULED' };
  const withHearing = { ...identified, hearings: [scheduled] };
  const bribe = { at: '2027-04-08T17:30:00+02:00', severity: 'HIGH' } as const;
  const afterBribe = { ...withHearing, riskLevel: 'HIGH' as const, incidents: [bribe] };
  const hearingDay = {
    ...afterBribe,
    hearings: [{ ...scheduled, status: 'HELD' as const }],
    incidents: [bribe, { at: '2027-04-12T08:40:00+02:00', severity: 'HIGH' as const }],
  };
  const steps: Step[] = [
    ['case opened, not yet assessed', identified, '2027-03-02T09:00:00.000Z', 'new-case'],
    [
      'assessed; main hearing scheduled six weeks ahead',
      { ...withHearing, lastAssessmentAt: '2027-03-02T09:00:00+01:00' },
      '2027-03-16T08:00:00.000Z',
      'base',
    ],
    [
      'assessed; the weekly window opens 14 days before the hearing',
      { ...withHearing, lastAssessmentAt: '2027-03-16T10:00:00+01:00' },
      '2027-03-29T07:00:00.000Z',
      'hearing-weekly',
    ],
    [
      'assessed inside the weekly window',
      { ...withHearing, lastAssessmentAt: '2027-03-29T10:00:00+02:00' },
      '2027-04-05T08:00:00.000Z',
      'hearing-weekly',
    ],
    [
      'assessed; daily from hearing - 3 days',
      { ...withHearing, lastAssessmentAt: '2027-04-05T10:00:00+02:00' },
      '2027-04-09T07:00:00.000Z',
      'hearing-daily',
    ],
    [
      'the defence lawyer offers money and threatens: due at once',
      { ...withHearing, lastAssessmentAt: '2027-04-05T10:00:00+02:00', incidents: [bribe] },
      '2027-04-08T15:30:00.000Z',
      'incident-daily',
    ],
    [
      'assessed HIGH the same evening',
      { ...afterBribe, lastAssessmentAt: '2027-04-08T20:00:00+02:00' },
      '2027-04-09T18:00:00.000Z',
      'hearing-daily',
    ],
    [
      'assessed the day before the hearing',
      { ...afterBribe, lastAssessmentAt: '2027-04-11T17:00:00+02:00' },
      '2027-04-12T15:00:00.000Z',
      'hearing-daily',
    ],
    [
      'hearing held; the lawyer shows the money in the hallway',
      { ...hearingDay, lastAssessmentAt: '2027-04-11T17:00:00+02:00' },
      '2027-04-12T10:40:00.000Z',
      'incident-immediate',
    ],
    [
      'debriefed after the hearing; the bribe attempts keep it daily',
      { ...hearingDay, lastAssessmentAt: '2027-04-12T12:00:00+02:00' },
      '2027-04-13T10:00:00.000Z',
      'incident-daily',
    ],
  ];

  it.each(steps)('%s', (_, caseFacts, dueAt, rule) => {
    expect(due(caseFacts)).toEqual({ dueAt, rule });
  });

  it('reminds on the HIGH cadence once raised, and escalates within 6 hours of a deadline the hearing sets (v2)', () => {
    const raised = { ...afterBribe, lastAssessmentAt: '2027-04-08T20:00:00+02:00' };
    expect(computeSchedule(raised)).toMatchObject({
      remindAt: ['2027-04-09T06:00:00.000Z', '2027-04-09T18:00:00.000Z'],
      escalateAt: [
        { at: '2027-04-10T00:00:00.000Z', to: 'coordinator' },
        { at: '2027-04-10T06:00:00.000Z', to: 'chain' },
      ],
    });
    // Version 1 used the level's 12 h grace.
    expect(computeSchedule(raised, DEFAULT_POLICY, 1).escalateAt).toEqual([
      { at: '2027-04-10T06:00:00.000Z', to: 'coordinator' },
      { at: '2027-04-10T18:00:00.000Z', to: 'chain' },
    ]);
  });
});

describe('ASTRA ID 814: the trafficker hunts for the victim and her child', () => {
  const hearing: Hearing = { at: '2027-06-21T09:00:00+02:00', status: 'SCHEDULED' };
  const opened = facts({ riskLevel: 'HIGH', identifiedAt: '2027-05-03T10:00:00+02:00', lastAssessmentAt: null, hearings: [hearing] });
  const calls = { at: '2027-05-06T11:15:00+02:00', severity: 'HIGH' } as const;
  const firstMove = { at: '2027-05-14T16:00:00+02:00' };
  const followed = { at: '2027-06-01T13:20:00+02:00', severity: 'CRITICAL' } as const;
  const toShelter = { at: '2027-06-01T15:00:00+02:00' };
  const busStation = { ...opened, incidents: [calls, followed], relocations: [firstMove, toShelter] };
  const steps: Step[] = [
    ['case opened with a hearing ahead', opened, '2027-05-04T08:00:00.000Z', 'new-case'],
    ['first assessment, HIGH', { ...opened, lastAssessmentAt: '2027-05-03T14:00:00+02:00' }, '2027-05-10T12:00:00.000Z', 'base'],
    [
      'he phones the Office an hour after an assessment',
      { ...opened, lastAssessmentAt: '2027-05-06T10:00:00+02:00', incidents: [calls] },
      '2027-05-06T13:15:00.000Z',
      'incident-immediate',
    ],
    [
      'assessed after the calls: daily for a week',
      { ...opened, lastAssessmentAt: '2027-05-06T14:30:00+02:00', incidents: [calls] },
      '2027-05-07T12:30:00.000Z',
      'incident-daily',
    ],
    [
      'week over; she is moved',
      { ...opened, lastAssessmentAt: '2027-05-13T11:00:00+02:00', incidents: [calls], relocations: [firstMove] },
      '2027-05-15T14:00:00.000Z',
      'relocation',
    ],
    [
      'followed from the bus station, taken to the shelter by the police',
      { ...busStation, lastAssessmentAt: '2027-05-29T11:00:00+02:00' },
      '2027-06-01T11:20:00.000Z',
      'incident-daily',
    ],
    [
      'assessed CRITICAL at the police station',
      { ...busStation, riskLevel: 'CRITICAL', lastAssessmentAt: '2027-06-01T16:00:00+02:00' },
      '2027-06-02T14:00:00.000Z',
      'incident-daily',
    ],
    [
      'a quiet week later, MEDIUM, the hearing two weeks ahead',
      { ...busStation, riskLevel: 'MEDIUM', lastAssessmentAt: '2027-06-08T12:00:00+02:00' },
      '2027-06-15T10:00:00.000Z',
      'hearing-weekly',
    ],
  ];

  it.each(steps)('%s', (_, caseFacts, dueAt, rule) => {
    expect(due(caseFacts)).toEqual({ dueAt, rule });
  });
});

describe('Zarubica: defendants released at sentencing', () => {
  const sentencing: Hearing = { at: '2027-09-14T09:00:00+02:00', status: 'SCHEDULED' };
  const before = facts({ riskLevel: 'MEDIUM', identifiedAt: '2027-02-01T09:00:00+01:00', hearings: [sentencing] });
  const release = { type: 'RELEASED', at: '2027-09-14T13:30:00+02:00' } as const;
  const released = { ...before, hearings: [{ ...sentencing, status: 'HELD' as const }], perpetratorEvents: [release] };
  const recognised = { ...released, incidents: [{ at: '2027-10-14T06:10:00+02:00', severity: 'HIGH' as const }] };
  const detained = { ...recognised, perpetratorEvents: [release, { type: 'DETAINED', at: '2027-10-20T10:00:00+02:00' } as const] };
  const closed = { ...detained, lastAssessmentAt: '2027-10-22T11:00:00+02:00', closedAt: '2027-10-25T14:00:00+02:00' };
  const steps: Step[] = [
    ['sentencing in four days', { ...before, lastAssessmentAt: '2027-09-10T10:00:00+02:00' }, '2027-09-11T08:00:00.000Z', 'hearing-daily'],
    [
      'released at sentencing, hours after an assessment',
      { ...released, lastAssessmentAt: '2027-09-14T08:00:00+02:00' },
      '2027-09-14T11:30:00.000Z',
      'release-immediate',
    ],
    [
      'assessed HIGH after the release: daily',
      { ...released, riskLevel: 'HIGH', lastAssessmentAt: '2027-09-14T17:00:00+02:00' },
      '2027-09-15T15:00:00.000Z',
      'release-daily',
    ],
    [
      'day 13 of the daily watch',
      { ...released, riskLevel: 'HIGH', lastAssessmentAt: '2027-09-27T12:00:00+02:00' },
      '2027-09-28T10:00:00.000Z',
      'release-daily',
    ],
    [
      'day 14: weekly until day 60',
      { ...released, lastAssessmentAt: '2027-09-28T12:00:00+02:00' },
      '2027-10-05T10:00:00.000Z',
      'release-weekly',
    ],
    [
      'a released defendant recognises the caseworker in a taxi',
      { ...recognised, lastAssessmentAt: '2027-10-12T11:00:00+02:00' },
      '2027-10-14T04:10:00.000Z',
      'incident-daily',
    ],
    [
      'the verdict is final and he is back in custody',
      { ...detained, lastAssessmentAt: '2027-10-20T12:00:00+02:00' },
      '2027-11-03T10:00:00.000Z',
      'base',
    ],
    ['the case is closed', closed, null, null],
    // Every rule applies again: the base cadence, counted from the last assessment months ago, is overdue at once.
    [
      'sentence served: released after the closure',
      { ...closed, perpetratorEvents: [...closed.perpetratorEvents, { type: 'RELEASED', at: '2028-03-01T09:00:00+01:00' }] },
      '2027-11-05T09:00:00.000Z',
      'base',
    ],
  ];

  it.each(steps)('%s', (_, caseFacts, dueAt, rule) => {
    expect(due(caseFacts)).toEqual({ dueAt, rule });
  });

  it('without the re-arrest the release watch would still be weekly', () => {
    expect(due({ ...recognised, lastAssessmentAt: '2027-10-20T12:00:00+02:00' })).toEqual({
      dueAt: '2027-10-27T10:00:00.000Z',
      rule: 'release-weekly',
    });
  });
});

describe('v2: escalation of a deadline set by an event', () => {
  // The case of issue 13: MEDIUM, assessed 11-26, a hearing on 12-04 09:00 gives hearing-daily on 12-01 09:00.
  const medium = facts({
    riskLevel: 'MEDIUM',
    lastAssessmentAt: '2027-11-26T09:00:00Z',
    hearings: [{ at: '2027-12-04T09:00:00Z', status: 'SCHEDULED' }],
  });

  it('escalates 6 and 12 hours after a hearing-daily deadline, both before the hearing (v1: 12-03 and 12-05)', () => {
    expect(computeSchedule(medium)).toEqual({
      dueAt: '2027-12-01T09:00:00.000Z',
      rule: 'hearing-daily',
      riskLevel: 'MEDIUM',
      remindAt: ['2027-11-30T09:00:00.000Z', '2027-12-01T09:00:00.000Z'],
      escalateAt: [
        { at: '2027-12-01T15:00:00.000Z', to: 'coordinator' },
        { at: '2027-12-01T21:00:00.000Z', to: 'chain' },
      ],
    });
    expect(computeSchedule(medium, DEFAULT_POLICY, 1).escalateAt.map((e) => e.at)).toEqual([
      '2027-12-03T09:00:00.000Z',
      '2027-12-05T09:00:00.000Z',
    ]);
  });

  it('keeps the level grace for base, hearing-weekly, release-weekly and new-case deadlines', () => {
    expect(computeSchedule(facts({ riskLevel: 'MEDIUM' })).escalateAt[0].at).toBe('2027-01-27T09:00:00.000Z');
    const weekly = facts({
      riskLevel: 'MEDIUM',
      lastAssessmentAt: '2027-11-01T09:00:00Z',
      hearings: [{ at: '2027-11-25T09:00:00Z', status: 'SCHEDULED' }],
    });
    expect(computeSchedule(weekly)).toMatchObject({ dueAt: '2027-11-11T09:00:00.000Z', rule: 'hearing-weekly' });
    expect(computeSchedule(weekly).escalateAt[0].at).toBe('2027-11-13T09:00:00.000Z');
    const opened = facts({ lastAssessmentAt: null });
    expect(computeSchedule(opened)).toMatchObject({
      rule: 'new-case',
      escalateAt: [{ at: '2027-01-13T08:00:00.000Z', to: 'coordinator' }, expect.anything()],
    });
  });

  it('escalates within 6 hours when an event rule ties with the rule shown (any rule giving dueAt counts)', () => {
    // new-case (shown: listed first) and a relocation both give 2027-01-11 08:00.
    const tied = facts({ lastAssessmentAt: null, relocations: [{ at: '2027-01-10T08:00:00Z' }] });
    expect(computeSchedule(tied)).toMatchObject({
      dueAt: '2027-01-11T08:00:00.000Z',
      rule: 'new-case',
      escalateAt: [
        { at: '2027-01-11T14:00:00.000Z', to: 'coordinator' },
        { at: '2027-01-11T20:00:00.000Z', to: 'chain' },
      ],
    });
  });

  it("caps an organisation's grace at 6 hours too, and keeps a shorter one", () => {
    const long = parsePolicyOverride({ levels: { MEDIUM: { graceHours: 96 } } });
    expect(computeSchedule(medium, long).escalateAt[0].at).toBe('2027-12-01T15:00:00.000Z');
    const short = parsePolicyOverride({ levels: { MEDIUM: { graceHours: 0.25 } } });
    expect(computeSchedule(medium, short).escalateAt.map((e) => e.at)).toEqual(['2027-12-01T09:15:00.000Z', '2027-12-01T09:30:00.000Z']);
  });
});
