import { instantMs, InvalidInputError, isoInstant, parseCaseFacts, parseInstant } from '../../domain/case-facts';

const valid = {
  riskLevel: 'MEDIUM',
  identifiedAt: '2027-01-10T08:00:00Z',
  lastAssessmentAt: '2027-01-11T09:00:00Z',
  closedAt: null,
  hearings: [{ at: '2027-02-15T09:00:00Z', status: 'SCHEDULED' }],
  perpetratorEvents: [
    { type: 'RELEASE_ANNOUNCED', at: '2027-03-01T10:00:00Z', releaseDate: '2027-03-20T08:00:00Z' },
    { type: 'RELEASED', at: '2027-03-20T08:00:00Z' },
  ],
  incidents: [{ at: '2027-02-10T18:30:00Z', severity: 'HIGH' }],
  relocations: [{ at: '2027-02-12T12:00:00Z' }],
};

/** The error parseCaseFacts throws for `input`, or a failure when it accepts it. */
function rejection(input: unknown, path?: string): InvalidInputError {
  try {
    parseCaseFacts(input, path);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('parseCaseFacts accepts', () => {
  it('the example of the spec unchanged', () => {
    expect(parseCaseFacts(valid)).toEqual(valid);
  });

  it('missing lists as empty and missing lastAssessmentAt / closedAt as null', () => {
    expect(parseCaseFacts({ riskLevel: 'LOW', identifiedAt: '2027-01-10T08:00:00+01:00' })).toEqual({
      riskLevel: 'LOW',
      identifiedAt: '2027-01-10T08:00:00+01:00',
      lastAssessmentAt: null,
      closedAt: null,
      hearings: [],
      perpetratorEvents: [],
      incidents: [],
      relocations: [],
    });
  });

  it('a releaseDate on an event that is not an announcement, which the policy ignores', () => {
    const facts = { ...valid, perpetratorEvents: [{ type: 'DETAINED', at: '2027-03-21T08:00:00Z', releaseDate: null }] };
    expect(parseCaseFacts(facts).perpetratorEvents).toEqual([{ type: 'DETAINED', at: '2027-03-21T08:00:00Z', releaseDate: null }]);
  });
});

describe('parseCaseFacts rejects, naming the field', () => {
  const without = (key: keyof typeof valid) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', [valid], '', /must be a JSON object/],
    ['null', null, '', /must be a JSON object/],
    ['an unknown level', { ...valid, riskLevel: 'SEVERE' }, 'riskLevel', /must be one of LOW, MEDIUM, HIGH, CRITICAL/],
    ['a level in lower case', { ...valid, riskLevel: 'high' }, 'riskLevel', /must be one of/],
    ['a missing level', without('riskLevel'), 'riskLevel', /is required/],
    ['a missing identification time', without('identifiedAt'), 'identifiedAt', /is required/],
    ['a null identification time', { ...valid, identifiedAt: null }, 'identifiedAt', /is required/],
    [
      'an instant without offset',
      { ...valid, identifiedAt: '2027-01-10T08:00:00' },
      'identifiedAt',
      /ISO 8601 instant with an offset or Z/,
    ],
    ['a date that does not exist', { ...valid, lastAssessmentAt: '2027-02-30T00:00:00Z' }, 'lastAssessmentAt', /real ISO 8601/],
    ['a date without time', { ...valid, closedAt: '2027-01-10' }, 'closedAt', /ISO 8601/],
    ['an instant as a number', { ...valid, closedAt: 1799568000000 }, 'closedAt', /ISO 8601/],
    ['an unknown field', { ...valid, victimName: 'x' }, 'victimName', /unknown field/],
    ['hearings not a list', { ...valid, hearings: {} }, 'hearings', /must be an array/],
    ['hearings null', { ...valid, hearings: null }, 'hearings', /must be an array/],
    [
      'an unknown hearing status',
      { ...valid, hearings: [{ at: '2027-02-15T09:00:00Z', status: 'POSTPONED' }] },
      'hearings[0].status',
      /^hearings\[0\]\.status: must be one of SCHEDULED, HELD, CANCELLED$/,
    ],
    ['a hearing without time', { ...valid, hearings: [valid.hearings[0], { status: 'HELD' }] }, 'hearings[1].at', /is required/],
    ['a hearing with an unknown field', { ...valid, hearings: [{ ...valid.hearings[0], room: '4' }] }, 'hearings[0].room', /unknown field/],
    ['a hearing that is not an object', { ...valid, hearings: ['2027-02-15T09:00:00Z'] }, 'hearings[0]', /must be a JSON object/],
    [
      'an unknown event type',
      { ...valid, perpetratorEvents: [{ type: 'PAROLED', at: '2027-03-20T08:00:00Z' }] },
      'perpetratorEvents[0].type',
      /must be one of RELEASE_ANNOUNCED, RELEASED, ESCAPED, DETAINED/,
    ],
    [
      'an announcement without release date',
      { ...valid, perpetratorEvents: [{ type: 'RELEASE_ANNOUNCED', at: '2027-03-01T10:00:00Z' }] },
      'perpetratorEvents[0].releaseDate',
      /is required/,
    ],
    [
      'a malformed release date',
      { ...valid, perpetratorEvents: [{ type: 'RELEASED', at: '2027-03-20T08:00:00Z', releaseDate: 'soon' }] },
      'perpetratorEvents[0].releaseDate',
      /ISO 8601/,
    ],
    [
      'an unknown incident severity',
      { ...valid, incidents: [{ at: '2027-02-10T18:30:00Z', severity: 'URGENT' }] },
      'incidents[0].severity',
      /must be one of LOW, MEDIUM, HIGH, CRITICAL/,
    ],
    ['a relocation with a malformed time', { ...valid, relocations: [{ at: '2027-02-12 12:00:00Z' }] }, 'relocations[0].at', /ISO 8601/],
  ];

  it.each(cases)('%s', (_, input, field, message) => {
    const error = rejection(input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    if (field !== '') expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('prefixes the fields with the given path', () => {
    const error = rejection({ ...valid, hearings: [{ at: '2027-02-15T09:00:00Z', status: 'X' }] }, '[3]');
    expect(error.field).toBe('[3].hearings[0].status');
    expect(error.message).toBe('[3].hearings[0].status: must be one of SCHEDULED, HELD, CANCELLED');
    expect(rejection(7, '[3]').message).toBe('[3]: must be a JSON object');
  });
});

describe('instants', () => {
  it.each([
    ['2027-01-10T08:00:00Z', '2027-01-10T08:00:00.000Z'],
    ['2027-01-10T08:00Z', '2027-01-10T08:00:00.000Z'],
    ['2027-03-28T03:30:00+02:00', '2027-03-28T01:30:00.000Z'],
    ['2027-10-31T02:30:00+01:00', '2027-10-31T01:30:00.000Z'],
    ['2027-01-10T08:00:00.5-0130', '2027-01-10T09:30:00.500Z'],
    ['2027-01-10T08:00:00.123456789+05', '2027-01-10T03:00:00.123Z'],
    ['2028-02-29T23:59:59.999Z', '2028-02-29T23:59:59.999Z'],
    ['2000-02-29T00:00:00-00:00', '2000-02-29T00:00:00.000Z'],
    ['0099-12-31T00:00:00Z', '0099-12-31T00:00:00.000Z'],
  ])('reads %s as %s', (text, utc) => {
    expect(isoInstant(instantMs(text))).toBe(utc);
    expect(parseInstant(text, 'at')).toBe(text);
  });

  it.each([
    '2027-02-30T00:00:00Z',
    '2027-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2027-04-31T00:00:00Z',
    '2027-13-01T00:00:00Z',
    '2027-00-10T00:00:00Z',
    '2027-01-10T24:00:00Z',
    '2027-01-10T08:60:00Z',
    '2027-01-10T08:00:60Z',
    '2027-01-10T08:00:00',
    '2027-01-10T08:00:00.Z',
    '2027-01-10T08:00:00+24:00',
    '2027-01-10T08:00:00+01:60',
    '2027-01-10T08:00:00+1:00',
    '2027-01-10T08:00:00ZZ',
    '2027-01-10t08:00:00z',
    '2027-01-10 08:00:00Z',
    '27-01-10T08:00:00Z',
    '2027-1-10T08:00:00Z',
    '',
  ])('rejects %j', (text) => {
    expect(instantMs(text)).toBeNaN();
    expect(() => parseInstant(text, 'hearings[2].at')).toThrow(/^hearings\[2\]\.at: must be a real ISO 8601 instant with an offset or Z/);
  });

  it('names the field of a missing instant', () => {
    expect(() => parseInstant(undefined, 'at')).toThrow('at: is required');
  });
});
