/**
 * The evaluation (README "Evaluation") of a known history: eleven cases run by their real workflows
 * on the time-skipping server (test/support/evaluation-history.ts has the script), the SQL
 * mirror written by the real activities, read back through the API. Every figure is computed
 * by hand below from that script, in hours after T0 (the identification of every case).
 *
 * Policy: new-case due at 24; base MEDIUM 336 h, HIGH 168 h, LOW 720 h after the last assessment;
 * escalations at due + grace (MEDIUM 48 h, HIGH 12 h; 6 h when an event rule set the deadline)
 * and due + 2 x grace (LOW: 720 h, 48 h). Deadlines ("due at hour, rule, level: outcome"):
 *   A (MEDIUM, Jelena): 24 new-case M on time (10); 346 base M on time (340); 676 base M late 25 (701); closed 800.
 *   B (HIGH, Jelena): 24 new-case H on time (5); 173 base H late 77 (250; escalated 185, 197);
 *      escape at 270: 270 release-immediate H never done (escalated 276, 282; closed 300).
 *   C (MEDIUM, Marko): 24 new-case M never done (escalated 72, 120; closed 150).
 *   D (HIGH, Marko): 24 new-case on time (2); released at 100: 100 release-immediate late 3 (103);
 *      127 release-daily on time (120); detained at 130: 288 base on time (280); closed 300.
 *   E (LOW, Jelena): 24 new-case L on time (3); HIGH incident at 200: 200 incident-daily L late 2 (202,
 *      rated HIGH); 226 and 244 incident-daily H on time (220, 240); closed 250.
 *   F (MEDIUM, Marko): 24 new-case on time (4); hearing at 300 scheduled at 50: 172 hearing-weekly on
 *      time (170); cancelled at 200: 506 base late 14 (520); closed 600.
 *   G (HIGH, Jelena): 24 new-case on time (1); relocated at 60: 84 relocation late 4 (88); release
 *      announced at 150 for 400: 232 release-announced on time (230); closed 240.
 *   H (MEDIUM, Marko): 24 new-case on time (6); 342 base never done (escalated 390, 438); LOW incident at 500.
 *   I (the other organisation, MEDIUM): 24 new-case on time (8); closed 20.
 *   K (HIGH, Marko): 24 new-case on time (7); hearing at 200 scheduled at 30: 128, 151, 174, 194, 214 hearing-daily
 *      on time (127, 150, 170, 190, 210; held at 205); closed 220.
 *   J (LOW, Jelena): 24 new-case on time (20); 740 base on time (730); 1450 late 20 (1470); 2190 on time
 *      (2180); 2900 late 800 (3700; escalated 2948, 2996); 4420 never done (escalated 4468, 4516; closed 8700).
 */
import { monthOf } from '../../domain/evaluation';
import { END_HOURS, playHistory, startHarness, type Harness } from '../support/evaluation-history';
import { HOUR } from '../support/time-skipping';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await playHistory(h);
  await seedStaffSafetyAndFailures();
  // The API judges "now" by the clock: the simulated end of the history.
  jest.spyOn(Date, 'now').mockReturnValue(h.t0 + END_HOURS * HOUR);
}, 600_000);
afterAll(async () => {
  jest.restoreAllMocks();
  await h?.stop();
});

/** Visits, self-assessments and two messages the provider failed: written as their activities and callbacks write them. */
async function seedStaffSafetyAndFailures() {
  const at = (hours: number) => new Date(h.t0 + hours * HOUR);
  const visits: [number, string, 'MISSED' | 'PANIC' | 'ENDED', string | null][] = [
    [240, 'w1', 'MISSED', 'missed'],
    [241, 'w2', 'PANIC', 'panic'],
    [1200, 'w1', 'ENDED', 'duress'],
    [1201, 'w2', 'ENDED', 'check-in'],
  ];
  for (const [i, [hours, who, state, endedBy]] of visits.entries()) {
    await h.prisma.fieldVisit.create({
      data: {
        organisationId: h.organisationId,
        userId: h.users[who as 'w1' | 'w2'],
        visitCode: `V-00000${i}`,
        workflowId: `visit-${i}`,
        safetyContactIds: [h.contacts.police],
        startedAt: at(hours),
        expectedEndAt: at(hours + 2),
        state,
        endedBy,
      },
    });
  }
  const scores = (value: number, internalTrafficking = value) => ({
    internalTrafficking,
    ...Object.fromEntries(
      [
        'countryStatus',
        'victimsPerMonth',
        'organisedCrimeLinks',
        'criminalGroupCapacity',
        'stateResponseCapacity',
        'perceivedCorruption',
        'stateCommitment',
      ].map((k) => [k, value]),
    ),
  });
  for (const [hours, s] of [
    [100, scores(1, 3)],
    [1100, scores(2)],
  ] as const) {
    await h.prisma.selfAssessment.create({
      data: { organisationId: h.organisationId, at: at(hours), scores: s, riskLevel: 'MEDIUM', recordedById: h.users.admin },
    });
  }
  const urgentTo = (caseKey: 'D' | 'E', channel: 'SMS' | 'EMAIL') =>
    h.prisma.deliveryAttempt.findFirstOrThrow({
      where: { caseId: h.cases[caseKey].id, kind: 'URGENT', channel, contactId: h.contacts.police },
    });
  await h.prisma.deliveryAttempt.update({
    where: { id: (await urgentTo('D', 'SMS')).id },
    data: { status: 'UNDELIVERED', errorCode: '30003' },
  });
  await h.prisma.deliveryAttempt.update({ where: { id: (await urgentTo('E', 'EMAIL')).id }, data: { status: 'FAILED', errorCode: '550' } });
}

async function get(path: string, who: keyof Harness['tokens']) {
  const response = await fetch(`${h.apiUrl}${path}`, { headers: { authorization: `Bearer ${h.tokens[who]}` } });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text,
    body: text.startsWith('{') ? JSON.parse(text) : null,
  };
}

type Table = { columns: { key: string }[]; rows: Record<string, unknown>[] };
/** Rows as arrays in column order; numbers within 0.05 of the expected one (a second of drift) shown as expected. */
function expectCells(table: Table, expected: unknown[][]) {
  const cells = table.rows.map((row, i) =>
    table.columns.map((c, j) => {
      const [a, e] = [row[c.key], expected[i]?.[j]];
      return typeof a === 'number' && typeof e === 'number' && Math.abs(a - e) <= 0.05 ? e : a;
    }),
  );
  expect(cells).toEqual(expected);
}
const Z = (key: string) => [key, 0, 0, 0, 0, null, null, null, 0];

/** The whole history: the default period (the 12 months before now) leaves out its first hours. */
const ALL = () => `from=${h.iso(-1)}&to=${h.iso(END_HOURS)}`;

test('by default, the 12 months before now', async () => {
  const { body } = await get('/evaluation', 'coordinator');
  const end = new Date(h.t0 + END_HOURS * HOUR);
  const yearBefore = new Date(new Date(end).setUTCMonth(end.getUTCMonth() - 12));
  expect([body.from, body.to, body.asOf]).toEqual([yearBefore.toISOString(), end.toISOString(), end.toISOString()]);
});

test('timeliness by rule, risk level and caseworker; escalations by month (coordinator)', async () => {
  const { status, body } = await get(`/evaluation?${ALL()}`, 'coordinator');
  expect(status).toBe(200);
  expect(body.scope).toBe('organisation');
  // [rule, due, on time, late, not done, on time %, lateness median, p90 (h), cases]
  expectCells(body.tables.timelinessByRule, [
    // A 346 on, 676 late 25; B late 77; D 288 on; F late 14; H never; J 740 on, 1450 late 20, 2190 on, 2900 late 800, 4420 never
    ['base', 11, 4, 5, 2, 36.4, 25, 800, 6],
    ['new-case', 10, 9, 0, 1, 90, null, null, 10],
    ['hearing-weekly', 1, 1, 0, 0, 100, null, null, 1],
    ['hearing-daily', 5, 5, 0, 0, 100, null, null, 1],
    Z('pre-hearing'),
    Z('hearing-debrief'),
    ['release-announced', 1, 1, 0, 0, 100, null, null, 1],
    ['release-immediate', 2, 0, 1, 1, 0, 3, 3, 2], // D late 3, B never
    ['release-daily', 1, 1, 0, 0, 100, null, null, 1],
    Z('release-weekly'),
    Z('incident-immediate'),
    ['incident-daily', 3, 2, 1, 0, 66.7, 2, 2, 1],
    ['relocation', 1, 0, 1, 0, 0, 4, 4, 1],
  ]);
  expectCells(body.tables.timelinessByRiskLevel, [
    ['LOW', 8, 4, 3, 1, 50, 20, 800, 2], // E: on time, late 2; J: 3 on time, late 20, 800, never
    ['MEDIUM', 9, 5, 2, 2, 55.6, 14, 25, 4], // late 14, 25
    ['HIGH', 18, 14, 3, 1, 77.8, 4, 77, 5], // late 3, 4, 77
    Z('CRITICAL'),
  ]);
  expectCells(body.tables.timelinessByCaseworker, [
    [h.users.w1, 'Jelena', 19, 11, 6, 2, 57.9, 20, 800, 5], // A, B, E, G, J: late 2, 4, 20, 25, 77, 800
    [h.users.w2, 'Marko <b>&</b>', 16, 12, 2, 2, 75, 3, 14, 5], // C, D, F, H, K: late 3, 14
  ]);
  // [hours, to (coordinator, organisation), case]
  const escalations: [number, 'c' | 'o', string][] = [
    [185, 'c', 'B'],
    [197, 'o', 'B'],
    [276, 'c', 'B'],
    [282, 'o', 'B'],
    [72, 'c', 'C'],
    [120, 'o', 'C'],
    [390, 'c', 'H'],
    [438, 'o', 'H'],
    [2948, 'c', 'J'],
    [2996, 'o', 'J'],
    [4468, 'c', 'J'],
    [4516, 'o', 'J'],
  ];
  const months = [...new Set(escalations.map(([hours]) => monthOf(h.t0 + hours * HOUR)))].sort();
  expectCells(
    body.tables.escalationsByMonth,
    months.map((m) => {
      const of = escalations.filter(([hours]) => monthOf(h.t0 + hours * HOUR) === m);
      return [m, of.filter((e) => e[1] === 'c').length, of.filter((e) => e[1] === 'o').length, new Set(of.map((e) => e[2])).size];
    }),
  );
});

test('reaction to danger, calibration and missed danger, alerts, failed messages, staff safety (admin)', async () => {
  const { body } = await get(`/evaluation?${ALL()}`, 'admin');
  // [trigger, events, reassessed, median, p90, policy asked median (h), within %, cases]
  expectCells(body.tables.reactionToDanger, [
    ['release-or-escape', 2, 1, 3, 3, 0, 0, 2], // D: 3 h, asked at once; B: never
    ['release-announced', 1, 1, 80, 80, 82, 100, 1], // G 150 -> 230, due 232
    ['incident-low', 1, 0, null, null, 0, 0, 1], // H at 500: already overdue since 342
    ['incident-medium', 0, 0, null, null, null, null, 0],
    ['incident-high', 1, 1, 2, 2, 0, 0, 1], // E 200 -> 202, incident-daily due at once
    ['incident-critical', 0, 0, null, null, null, null, 0],
    ['hearing', 2, 2, 97, 120, 98, 100, 2], // F 50 -> 170, due 172; K 30 -> 127, due 128
    ['relocation', 1, 1, 28, 28, 24, 0, 1], // G 60 -> 88, due 84
  ]);
  // Follow-up windows (h): LOW E 3->202 (199, the HIGH incident at 200), J 710, 720, 710, 720, 720: 3779. MEDIUM A 330, 361, 720; F 166, 350, 720;
  // H 720 (the LOW incident at 500): 3367. HIGH B 245, 720; D 101, 17, 160, 720; E 18, 20, 720; G 87, 142, 720;
  // K 120, 23, 20, 20, 20, 720: 4593.
  // [rating, ratings, case-months, then incidents and rate per case-month for LOW, MEDIUM, HIGH, CRITICAL, cases]
  expectCells(body.tables.calibration, [
    ['LOW', 6, 5.25, 0, 0, 0, 0, 1, 0.191, 0, 0, 2],
    ['MEDIUM', 7, 4.68, 1, 0.214, 0, 0, 0, 0, 0, 0, 3],
    ['HIGH', 18, 6.38, 0, 0, 0, 0, 0, 0, 0, 0, 5],
    ['CRITICAL', 0, 0, 0, null, 0, null, 0, null, 0, null, 0],
  ]);
  expect(body.tables.missedDanger.rows).toEqual([
    {
      caseCode: 'EV-E',
      link: `/cases/${h.cases.E.id}`,
      ratedAt: expect.any(String),
      rating: 'LOW',
      incidentAt: expect.any(String),
      severity: 'HIGH',
    },
  ]);
  // [trigger, alerts, acknowledged, median, p90 (minutes), unacknowledged %, cases]
  expectCells(body.tables.alertsByTrigger, [
    ['incident.threat', 1, 1, 2, 2, 0, 1],
    ['perpetrator.escaped', 1, 0, null, null, 100, 1],
    ['perpetrator.released', 1, 1, 7, 7, 0, 1],
  ]);
  expectCells(body.tables.alertsByAcknowledgingLevel, [
    ['designated contacts, level 1', 1, 1], // police, E's alert
    ['designated contacts, level 2', 1, 1], // the lawyer, after the police's 5 minutes
  ]);
  expectCells(body.tables.deliveryFailuresByChannel, [
    ['SMS', 1, 1, 0, 1],
    ['EMAIL', 1, 1, 0, 1],
  ]);
  const [m1, m2] = [monthOf(h.t0 + 240 * HOUR), monthOf(h.t0 + 1200 * HOUR)];
  // [month, visits, missed, panic, duress, visits behind the row]
  expectCells(body.tables.fieldVisitAlarmsByMonth, [
    [m1, 2, 1, 1, 0, 2],
    [m2, 2, 0, 0, 1, 2],
  ]);
  const [s1, s2] = [monthOf(h.t0 + 100 * HOUR), monthOf(h.t0 + 1100 * HOUR)];
  expectCells(body.tables.selfAssessmentsByMonth, [
    [s1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1],
    [s2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1],
  ]);
  // A coordinator does not see duress check-ins.
  const coordinator = await get(`/evaluation?${ALL()}`, 'coordinator');
  expect(coordinator.body.tables.fieldVisitAlarmsByMonth.columns.map((c: { key: string }) => c.key)).toEqual([
    'month',
    'visits',
    'missed',
    'panic',
    'visitCount',
  ]);
});

test('a period that cuts histories: deadlines by their due time, outcomes as known now', async () => {
  const { body } = await get(`/evaluation?from=${h.iso(150)}&to=${h.iso(240)}`, 'coordinator');
  const nonZero = (t: Table) => ({ ...t, rows: t.rows.filter((r) => r.due !== 0 && r.events !== 0 && r.ratings !== 0) });
  // Due in [150, 240): B 173 (done at 250, after the period: late 77), E 200 and 226, F 172, G 232, K 151, 174, 194, 214.
  expectCells(nonZero(body.tables.timelinessByRule), [
    ['base', 1, 0, 1, 0, 0, 77, 77, 1],
    ['hearing-weekly', 1, 1, 0, 0, 100, null, null, 1],
    ['hearing-daily', 4, 4, 0, 0, 100, null, null, 1],
    ['release-announced', 1, 1, 0, 0, 100, null, null, 1],
    ['incident-daily', 2, 1, 1, 0, 50, 2, 2, 1],
  ]);
  // Events in the period: G's release announced (150), E's incident (200).
  expect(nonZero(body.tables.reactionToDanger).rows.map((r) => [r.trigger, r.events])).toEqual([
    ['release-announced', 1],
    ['incident-high', 1],
  ]);
  // Ratings in the period: F 170 (MEDIUM), E 202, E 220, G 230, K 150, 170, 190, 210 (HIGH); E's 240 is not.
  expect(nonZero(body.tables.calibration).rows.map((r) => [r.rating, r.ratings])).toEqual([
    ['MEDIUM', 1],
    ['HIGH', 7],
  ]);
  expect(escalationCount(body.tables.escalationsByMonth)).toBe(2); // B 185, 197
  expect(body.tables.alertsByTrigger.rows.map((r: { trigger: string }) => r.trigger)).toEqual(['incident.threat']);
  expect(body.tables.missedDanger.rows).toEqual([]); // E's LOW rating (3) is before the period

  // Months later: J's 1450 (late 20), 2190 (on time), 2900 (done at 3700, after the period: late 800).
  const later = (await get(`/evaluation?from=${h.iso(1000)}&to=${h.iso(3000)}`, 'coordinator')).body;
  expectCells(nonZero(later.tables.timelinessByRule), [['base', 3, 1, 2, 0, 33.3, 20, 800, 1]]);
  expect(escalationCount(later.tables.escalationsByMonth)).toBe(2); // J 2948, 2996
});

const escalationCount = (t: Table) => t.rows.reduce((n, r) => n + (r.toCoordinator as number) + (r.toOrganisation as number), 0);

test('a caseworker sees only their own line; asking for another is refused', async () => {
  const own = await get(`/evaluation?${ALL()}`, 'w1');
  expect(own.status).toBe(200);
  expect(own.body.scope).toBe('caseworker');
  expect(Object.keys(own.body.tables)).toEqual(['timelinessByCaseworker']);
  expectCells(own.body.tables.timelinessByCaseworker, [[h.users.w1, 'Jelena', 19, 11, 6, 2, 57.9, 20, 800, 5]]);
  const other = await get(`/evaluation?caseworkerId=${h.users.w2}`, 'w1');
  expect(other.status).toBe(403);
  expect(other.body).toMatchObject({ status: 403, field: 'caseworkerId' });
  expect((await get('/evaluation.csv?table=alertsByTrigger', 'w1')).status).toBe(403);
  const ownCsv = await get('/evaluation.csv?table=timelinessByCaseworker', 'w1');
  expect(ownCsv.text.trim().split('\r\n')).toHaveLength(2);
  expect((await get('/evaluation/report.html', 'w1')).status).toBe(403);
  // A coordinator may ask for one caseworker's line.
  const one = await get(`/evaluation?caseworkerId=${h.users.w2}`, 'coordinator');
  expect(one.body.tables.timelinessByCaseworker.rows.map((r: { caseworkerId: string }) => r.caseworkerId)).toEqual([h.users.w2]);
});

test('bad input answers 400 naming the field', async () => {
  for (const [query, field] of [
    ['from=yesterday', 'from'],
    [`from=${h.iso(200)}&to=${h.iso(100)}`, 'from'],
    ['to=2027-13-01T00:00:00Z', 'to'],
    ['caseworkerId=nobody', 'caseworkerId'],
    ['colour=red', 'colour'],
  ]) {
    const answer = await get(`/evaluation?${query}`, 'coordinator');
    expect([answer.status, answer.body.field]).toEqual([400, field]);
  }
  const csv = await get('/evaluation.csv?table=everything', 'coordinator');
  expect([csv.status, csv.body.field]).toEqual([400, 'table']);
});

test('CSV of every table; the printable report is self-contained, charted and escaped', async () => {
  const csv = await get(`/evaluation.csv?table=timelinessByCaseworker&${ALL()}`, 'coordinator');
  expect(csv.type).toMatch(/^text\/csv/);
  expect(csv.text.split('\r\n').slice(0, 3)).toEqual([
    'caseworkerId,caseworker,due,onTime,late,notDone,onTimePercent,lateMedianHours,lateP90Hours,cases',
    expect.stringMatching(new RegExp(`^${h.users.w1},Jelena,19,11,6,2,57\\.9,`)),
    expect.stringMatching(new RegExp(`^${h.users.w2},Marko <b>&</b>,16,12,2,2,75,`)),
  ]);
  const html = await get('/evaluation/report.html', 'coordinator');
  expect(html.type).toMatch(/^text\/html/);
  expect(html.text).toContain('Marko &#60;b&#62;&#38;&#60;/b&#62;');
  expect(html.text).not.toContain('<b>&</b>');
  expect(html.text.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
  expect(html.text).toContain('@media print');
  expect(html.text).not.toMatch(/<script|<link|src=|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
});

test('the national view: all organisations, no case data, every figure under 5 cases suppressed', async () => {
  expect((await get('/evaluation/national', 'coordinator')).status).toBe(403);
  expect((await get('/evaluation', 'national')).status).toBe(403);
  expect((await get('/cases', 'national')).status).toBe(403);
  const { status, body } = await get(`/evaluation/national?${ALL()}`, 'national');
  expect(status).toBe(200);
  expect(body.tables.timelinessByCaseworker).toBeUndefined();
  expect(body.tables.missedDanger).toBeUndefined();
  const rows = (t: Table) => t.rows.map((r) => t.columns.map((c) => r[c.key]));
  const none = (key: string) => [key, null, null, null, null, null, null, null, null];
  // new-case: A..K (11 cases, both organisations), on time all but C (10); C alone never did it: suppressed.
  // base: 11 due from A, B, D, F, H, J (6 cases); on time (A, D, J), late (A, B, F, J), not done (H, J): under 5 cases each.
  expect(rows(body.tables.timelinessByRule)).toEqual([
    ['base', 11, null, null, null, null, null, null, 6],
    ['new-case', 11, 10, null, null, 90.9, null, null, 11],
    ...[
      'hearing-weekly',
      'hearing-daily',
      'pre-hearing',
      'hearing-debrief',
      'release-announced',
      'release-immediate',
      'release-daily',
      'release-weekly',
      'incident-immediate',
      'incident-daily',
      'relocation',
    ].map(none),
  ]);
  // MEDIUM: A, C, F, H, I (10 due); on time from A, F, H, I only: 4 cases. HIGH: B, D, E, G, K (18 due), on time
  // in each of them (14, 77.8%); late in B, D, G, not done in B only.
  expect(rows(body.tables.timelinessByRiskLevel)).toEqual([
    none('LOW'),
    ['MEDIUM', 10, null, null, null, null, null, null, 5],
    ['HIGH', 18, 14, null, null, 77.8, null, null, 5],
    none('CRITICAL'),
  ]);
  // HIGH ratings in B, D, E, G, K: no incident followed any, and a count (or rate) of none stands on no case.
  const noneCalibrated = (level: string) => [level, ...Array(10).fill(null), null];
  expect(rows(body.tables.calibration)).toEqual([
    noneCalibrated('LOW'),
    noneCalibrated('MEDIUM'),
    ['HIGH', 18, 6.38, ...Array(8).fill(null), 5],
    noneCalibrated('CRITICAL'),
  ]);
  // Nothing else has 5 cases (or visits, or organisations) behind it.
  for (const name of Object.keys(body.tables).filter((n) => !n.startsWith('timeliness') && n !== 'calibration')) {
    const numbers = rows(body.tables[name])
      .flatMap((row) => row.slice(1))
      .filter((v) => v !== null);
    expect([name, numbers]).toEqual([name, []]);
  }
  const csv = await get(`/evaluation/national.csv?table=timelinessByRule&${ALL()}`, 'national');
  expect(csv.text.split('\r\n')[1]).toBe('base,11,,,,,,,6');
  expect((await get('/evaluation/national.csv?table=missedDanger', 'national')).status).toBe(400);
  expect((await get('/evaluation/national/report.html', 'national')).text).toContain('fewer than 5 cases');
});
