/**
 * The evaluation (README "Evaluation") of a known history: twenty cases, four field visits and
 * two self-assessments, run by their real workflows on the time-skipping server and through the
 * API (test/support/evaluation-script.ts has the script), the SQL mirror written by the real
 * activities, read back through the API. Every figure is computed by hand below from that
 * script, in hours after T0 (the identification of every case).
 *
 * Policy: new-case due at 24; base LOW 720 h, MEDIUM 336 h, HIGH 168 h, CRITICAL 24 h after the
 * last assessment; escalations at due + grace and due + 2 x grace (LOW, MEDIUM 48 h; HIGH 12 h;
 * CRITICAL 2 h; 6 h at most when an event rule set the deadline); on equal times the event rule
 * names the deadline. Deadlines, "due rule level: outcome (done at)"; esc = escalations (c: to
 * the coordinator, o: to the organisation); r = ratings and their follow-up (h):
 *   A M Jelena: 24 new M on (10); 346 base M on (340); 676 base M late 25 (701). r M 330, 361, 720.
 *   B H Jelena: 24 new H on (5); 173 base H late 77 (250; esc 185c 197o); escape 270: 270 rel-imm H never (esc 276c 282o).
 *      r H 245, 720.
 *   C M Marko: 24 new M never (esc 72c 120o; closed 150).
 *   D H Marko: 24 new on (2); release 100: 100 rel-imm late 3 (103); 127 rel-daily on (120); detained 130: 288 base on (280).
 *      r H 101, 17, 160, 720.
 *   E L Jelena: 24 new L on (3); HIGH incident 200: 200 inc-daily L late 2 (202); 226, 244 inc-daily H on (220, 240).
 *      r L 199 (the HIGH incident: missed danger); H 18, 20, 720.
 *   F M Marko: 24 new on (4); hearing at 300 set at 50: 172 hearing-weekly on (170); cancelled 200: 506 base late 14 (520).
 *      r M 166, 350, 720.
 *   G H Jelena: 24 new on (1); relocated 60: 84 relocation late 4 (88); release announced 150 for 400: 232 rel-announced on (230).
 *      r H 87, 142, 720.
 *   H M Marko: 24 new on (6); 342 base never (esc 390c 438o); LOW incident 500. r M 720 (the LOW incident).
 *   J L Jelena: 24 new on (20); 740 base on (730); 1450 late 20 (1470); 2190 on (2180); 2900 late 800 (3700; esc 2948c
 *      2996o); 4420 never (esc 4468c 4516o; closed 8700). r L 710, 720, 710, 720, 720.
 *   K H Marko: 24 new on (7); hearing at 200 set at 30: 128, 151, 174, 194, 214 hearing-daily on (127 ... 210; held 205).
 *      r H 120, 23, 20, 20, 20, 720.
 *   L C Marko: 24 new C on (10); 34 base C on (30); 54 base C late 3 (57; esc 56c); 81 base C late 19 (100; esc 83c 85o);
 *      124 base C on (110, rated LOW). r C 20, 27, 43, 10; L 720.
 *   M M Jelena, Marko's from 400: 24 new on (10, Jelena); 346 base on (340, Jelena); 676 base late 14 (690, Marko);
 *      1026 base on (1000, Marko). r M 330, 350, 310, 720.
 *   N H Jelena: 24 new on (5); 173 base on (90); CRITICAL incident 100: 104 inc-immediate H on (103, rated CRITICAL);
 *      127 inc-daily C on (125, a minute before its reminder). r H 85, 13 (the CRITICAL incident), 720; C 22.
 *   O M Marko: 24 new on (8); CRITICAL incident 300: 300 inc-daily M late 1 (301, rated HIGH).
 *      r M 293 (the CRITICAL incident: missed danger); H 720.
 *   P M Jelena: 24 new on (2); 338 base on (330); release 500: 500 rel-imm late 360 (860; esc 506c 512o);
 *      1028 rel-weekly on (1020). r M 328, 530, 160, 720.
 *   Q L Marko: 24 new L on (12); MEDIUM incident 400: 400 inc-daily L late 10 (410, rated MEDIUM; esc 406c);
 *      434 inc-daily M on (430); 454 inc-daily M never (esc 460c 466o; closed 470). r L 398 (the MEDIUM incident); M 20, 720.
 *   R H Jelena: 24 new on (20); 188 base on (180); 348 base on (340). r H 160, 160, 720.
 *   The other organisation (Ivana): I M: 24 new on (8); r M 720. S M: 24 new on (5); 341 base on (300); r M 295, 720.
 *      T H: 24 new late 6 (30); 198 base late 52 (250; esc 210c 222o); r H 220, 720.
 * Alerts (minutes to acknowledgement, by whom): D release 7 (the lawyer, level 2); E incident 2, N incident 9, P release 3
 * (the police, level 1); B escape, O incident never. Visits: Marko's at 1200 checked in; Jelena's at 8710 missed (never
 * acknowledged), Marko's at 8712 panic (the police by SMS, 4), Jelena's at 8720 duress (the coordinator in Vigil, 20).
 */
import { monthOf } from '../../domain/evaluation';
import { END_HOURS, playHistory, startHarness, timerRaces, type Harness } from '../support/evaluation-history';
import { HOUR } from '../support/time-skipping';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await playHistory(h);
  await providerFailures();
  // The API judges "now" by the clock: the simulated end of the history.
  jest.spyOn(Date, 'now').mockReturnValue(h.t0 + END_HOURS * HOUR);
}, 600_000);
afterAll(async () => {
  jest.restoreAllMocks();
  await h?.stop();
});

/** Two urgent messages the providers failed, as the SMS status callback and the SMTP failure write them. */
async function providerFailures() {
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

test('no act meets a timer: the race that hangs the time-skipping server is out of the script', async () => {
  expect(await timerRaces(h)).toEqual([]);
});

test('by default, the 12 months before now', async () => {
  const { body } = await get('/evaluation', 'coordinator');
  const end = new Date(h.t0 + END_HOURS * HOUR);
  const yearBefore = new Date(new Date(end).setUTCMonth(end.getUTCMonth() - 12));
  expect([body.from, body.to, body.asOf]).toEqual([yearBefore.toISOString(), end.toISOString(), end.toISOString()]);
});

/** [hours, to (c: the coordinator, o: the organisation), case] of every escalation of the organisation (the script's "esc"). */
const ESCALATIONS: [number, 'c' | 'o', string][] = [
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
  [56, 'c', 'L'],
  [83, 'c', 'L'],
  [85, 'o', 'L'],
  [506, 'c', 'P'],
  [512, 'o', 'P'],
  [406, 'c', 'Q'],
  [460, 'c', 'Q'],
  [466, 'o', 'Q'],
];

/** Escalations by month (UTC); `smallest`: a figure fewer cases stand behind is null (the national view). */
function escalationRows(escalations: [number, 'c' | 'o', string][], smallest = 0) {
  const month = (hours: number) => monthOf(h.t0 + hours * HOUR);
  const counted = (of: typeof escalations) => (new Set(of.map((e) => e[2])).size < smallest ? null : of.length);
  return [...new Set(escalations.map(([hours]) => month(hours)))].sort().map((m) => {
    const of = escalations.filter(([hours]) => month(hours) === m);
    const cases = new Set(of.map((e) => e[2])).size;
    return [m, counted(of.filter((e) => e[1] === 'c')), counted(of.filter((e) => e[1] === 'o')), cases < smallest ? null : cases];
  });
}

const JELENA = (): unknown[] => [h.users.w1, 'Jelena', 32, 23, 7, 2, 71.9, 25, 800, 9];
const MARKO = (): unknown[] => [h.users.w2, 'Marko <b>&</b>', 29, 19, 7, 3, 65.5, 10, 19, 9];

test('timeliness by rule, risk level and caseworker; escalations by month (coordinator)', async () => {
  const { status, body } = await get(`/evaluation?${ALL()}`, 'coordinator');
  expect(status).toBe(200);
  expect(body.scope).toBe('organisation');
  // [rule, due, on time, late, not done, on time %, lateness median, p90 (h), cases]
  expectCells(body.tables.timelinessByRule, [
    // A 2 on, late 25; B late 77; D on; F late 14; H never; J 2 on, late 20, 800, never; L 2 on, late 3, 19; M 2 on, late 14;
    // N on; P on; R 2 on. Lateness 3, 14, 14, 19, 20, 25, 77, 800.
    ['base', 22, 12, 8, 2, 54.5, 19, 800, 11],
    ['new-case', 17, 16, 0, 1, 94.1, null, null, 17], // every case of the organisation; C never
    ['hearing-weekly', 1, 1, 0, 0, 100, null, null, 1],
    ['hearing-daily', 5, 5, 0, 0, 100, null, null, 1],
    Z('pre-hearing'),
    Z('hearing-debrief'),
    ['release-announced', 1, 1, 0, 0, 100, null, null, 1],
    ['release-immediate', 3, 0, 2, 1, 0, 3, 360, 3], // D late 3, P late 360, B never
    ['release-daily', 1, 1, 0, 0, 100, null, null, 1],
    ['release-weekly', 1, 1, 0, 0, 100, null, null, 1],
    ['incident-immediate', 1, 1, 0, 0, 100, null, null, 1],
    ['incident-daily', 8, 4, 3, 1, 50, 2, 10, 4], // E 2 on, late 2; N on; O late 1; Q on, late 10, never
    ['relocation', 1, 0, 1, 0, 0, 4, 4, 1],
  ]);
  expectCells(body.tables.timelinessByRiskLevel, [
    ['LOW', 10, 5, 4, 1, 50, 10, 800, 3], // E, J, Q: late 2, 10, 20, 800
    ['MEDIUM', 21, 13, 5, 3, 61.9, 14, 360, 8], // A, C, F, H, M, O, P, Q: late 1, 14, 14, 25, 360
    ['HIGH', 24, 20, 3, 1, 83.3, 4, 77, 7], // B, D, E, G, K, N, R: late 3, 4, 77
    ['CRITICAL', 6, 4, 2, 0, 66.7, 3, 19, 2], // L, N
  ]);
  expectCells(body.tables.timelinessByCaseworker, [
    JELENA(), // A, B, E, G, J, M until 400, N, P, R: late 2, 4, 20, 25, 77, 360, 800
    MARKO(), // C, D, F, H, K, L, M from 400, O, Q: late 1, 3, 3, 10, 14, 14, 19
  ]);
  expectCells(body.tables.escalationsByMonth, escalationRows(ESCALATIONS));
});

test('reaction to danger, calibration and missed danger, alerts, failed messages, staff safety (admin)', async () => {
  const { body } = await get(`/evaluation?${ALL()}`, 'admin');
  // [trigger, events, reassessed, median, p90, policy asked median (h), within %, cases]
  expectCells(body.tables.reactionToDanger, [
    ['release-or-escape', 3, 2, 3, 360, 0, 0, 3], // D: 3 h, P: 360 h, each asked at once; B: never
    ['release-announced', 1, 1, 80, 80, 82, 100, 1], // G 150 -> 230, due 232
    ['incident-low', 1, 0, null, null, 0, 0, 1], // H at 500: already overdue since 342
    ['incident-medium', 1, 1, 10, 10, 0, 0, 1], // Q 400 -> 410, due at once
    ['incident-high', 1, 1, 2, 2, 0, 0, 1], // E 200 -> 202, due at once
    ['incident-critical', 2, 2, 1, 3, 0, 50, 2], // O 300 -> 301, due at once; N 100 -> 103, due 104
    ['hearing', 2, 2, 97, 120, 98, 100, 2], // F 50 -> 170, due 172; K 30 -> 127, due 128
    ['relocation', 1, 1, 28, 28, 24, 0, 1], // G 60 -> 88, due 84
  ]);
  // Follow-up (the script's r): LOW E 199, J 3580, Q 398, L 720: 4897 h (the HIGH incident of E, the MEDIUM of Q).
  // MEDIUM A 1411, F 1236, H 720, M 1710, O 293, P 1738, Q 740: 7848 h (H's LOW incident, O's CRITICAL one).
  // HIGH B 965, D 998, E 758, G 949, K 923, N 818, O 720, R 1040: 7171 h (N's CRITICAL incident). CRITICAL L 100, N 22: 122 h.
  // [rating, ratings, case-months, then incidents and rate per case-month for LOW, MEDIUM, HIGH, CRITICAL, cases]
  expectCells(body.tables.calibration, [
    ['LOW', 8, 6.8, 0, 0, 1, 0.147, 1, 0.147, 0, 0, 4],
    ['MEDIUM', 18, 10.9, 1, 0.092, 0, 0, 0, 0, 1, 0.092, 7],
    ['HIGH', 25, 9.96, 0, 0, 0, 0, 0, 0, 1, 0.1, 8],
    ['CRITICAL', 5, 0.17, 0, 0, 0, 0, 0, 0, 0, 0, 2],
  ]);
  const missed = (key: 'E' | 'O', rating: string, ratedAt: number, severity: string, incidentAt: number) => ({
    caseCode: `EV-${key}`,
    link: `/cases/${h.cases[key].id}`,
    ratedAt: expect.stringMatching(h.iso(ratedAt).slice(0, 13)),
    rating,
    incidentAt: expect.stringMatching(h.iso(incidentAt).slice(0, 13)),
    severity,
  });
  expect(body.tables.missedDanger.rows).toEqual([missed('E', 'LOW', 3, 'HIGH', 200), missed('O', 'MEDIUM', 8, 'CRITICAL', 300)]);
  // [trigger, alerts, acknowledged, median, p90 (minutes), unacknowledged %, cases or visits]
  expectCells(body.tables.alertsByTrigger, [
    ['incident.approach', 1, 1, 9, 9, 0, 1],
    ['incident.surveillance', 1, 0, null, null, 100, 1],
    ['incident.threat', 1, 1, 2, 2, 0, 1],
    ['perpetrator.escaped', 1, 0, null, null, 100, 1],
    ['perpetrator.released', 2, 2, 3, 7, 0, 2],
    ['visit.duress', 1, 1, 20, 20, 0, 1],
    ['visit.missed-check-in', 1, 0, null, null, 100, 1],
    ['visit.panic', 1, 1, 4, 4, 0, 1],
  ]);
  expectCells(body.tables.alertsByAcknowledgingLevel, [
    ['designated contacts, level 1', 3, 3], // the police: E, N, P
    ['designated contacts, level 2', 1, 1], // the lawyer, after the police's 5 minutes (D)
    ['safety contacts of the visit', 1, 1], // the police, Marko's panic
    ['staff in Vigil', 1, 1], // the coordinator, Jelena's duress
  ]);
  expectCells(body.tables.deliveryFailuresByChannel, [
    ['SMS', 1, 1, 0, 1],
    ['EMAIL', 1, 1, 0, 1],
  ]);
  const [m1, m2] = [monthOf(h.t0 + 1200 * HOUR), monthOf(h.t0 + 8710 * HOUR)];
  // [month, visits, missed, panic, duress, visits behind the row]
  expectCells(body.tables.fieldVisitAlarmsByMonth, [
    [m1, 1, 0, 0, 0, 1],
    [m2, 3, 1, 1, 1, 3],
  ]);
  const [s1, s2] = [monthOf(h.t0 + 100 * HOUR), monthOf(h.t0 + 1100 * HOUR)];
  expectCells(body.tables.selfAssessmentsByMonth, [
    [s1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1],
    [s2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1],
  ]);
  // A coordinator sees neither duress check-ins nor the duress alert.
  const coordinator = (await get(`/evaluation?${ALL()}`, 'coordinator')).body.tables;
  expect(coordinator.fieldVisitAlarmsByMonth.columns.map((c: { key: string }) => c.key)).toEqual([
    'month',
    'visits',
    'missed',
    'panic',
    'visitCount',
  ]);
  expect(coordinator.alertsByTrigger.rows.map((r: { trigger: string }) => r.trigger)).not.toContain('visit.duress');
  expect(coordinator.alertsByAcknowledgingLevel.rows.map((r: { level: string }) => r.level)).not.toContain('staff in Vigil');
});

test('a period that cuts histories: deadlines by their due time, outcomes as known now', async () => {
  const { body } = await get(`/evaluation?from=${h.iso(150)}&to=${h.iso(240)}`, 'coordinator');
  const nonZero = (t: Table) => ({ ...t, rows: t.rows.filter((r) => r.due !== 0 && r.events !== 0 && r.ratings !== 0) });
  // Due in [150, 240): B 173 (done at 250, after the period: late 77), N 173, R 188, E 200 and 226, F 172, G 232, K 151,
  // 174, 194, 214.
  expectCells(nonZero(body.tables.timelinessByRule), [
    ['base', 3, 2, 1, 0, 66.7, 77, 77, 3],
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
  // Ratings in the period: F 170 (MEDIUM), E 202, E 220, G 230, K 150, 170, 190, 210, R 180 (HIGH); E's 240 is not.
  expect(nonZero(body.tables.calibration).rows.map((r) => [r.rating, r.ratings])).toEqual([
    ['MEDIUM', 1],
    ['HIGH', 8],
  ]);
  expect(escalationCount(body.tables.escalationsByMonth)).toBe(2); // B 185, 197
  expect(body.tables.alertsByTrigger.rows.map((r: { trigger: string }) => r.trigger)).toEqual(['incident.threat']);
  expect(body.tables.missedDanger.rows).toEqual([]); // E's LOW rating (3) is before the period

  // Months later: J's 1450 (late 20), 2190 (on time), 2900 (done at 3700, after the period: late 800); M 1026; P 1028.
  const later = (await get(`/evaluation?from=${h.iso(1000)}&to=${h.iso(3000)}`, 'coordinator')).body;
  expectCells(nonZero(later.tables.timelinessByRule), [
    ['base', 4, 2, 2, 0, 50, 20, 800, 2],
    ['release-weekly', 1, 1, 0, 0, 100, null, null, 1],
  ]);
  expect(escalationCount(later.tables.escalationsByMonth)).toBe(2); // J 2948, 2996
});

const escalationCount = (t: Table) => t.rows.reduce((n, r) => n + (r.toCoordinator as number) + (r.toOrganisation as number), 0);

test('each deadline counts for the caseworker in charge when it fell due (M: Jelena, then Marko from 400)', async () => {
  // Due in [340, 350): A 346, M 346 and R 348 on time (Jelena's), H 342 never (Marko's).
  const before = (await get(`/evaluation?from=${h.iso(340)}&to=${h.iso(350)}`, 'coordinator')).body;
  expectCells(before.tables.timelinessByCaseworker, [
    [h.users.w1, 'Jelena', 3, 3, 0, 0, 100, null, null, 3],
    [h.users.w2, 'Marko <b>&</b>', 1, 0, 0, 1, 0, null, null, 1],
  ]);
  // Due in [670, 680): A 676 late 25 (Jelena's), M 676 late 14 (Marko's since 400).
  const after = (await get(`/evaluation?from=${h.iso(670)}&to=${h.iso(680)}`, 'coordinator')).body;
  expectCells(after.tables.timelinessByCaseworker, [
    [h.users.w1, 'Jelena', 1, 0, 1, 0, 0, 25, 25, 1],
    [h.users.w2, 'Marko <b>&</b>', 1, 0, 1, 0, 0, 14, 14, 1],
  ]);
  // Jelena's own line keeps M's deadlines from before the handover, though M is no longer hers.
  const own = (await get(`/evaluation?from=${h.iso(340)}&to=${h.iso(350)}`, 'w1')).body;
  expectCells(own.tables.timelinessByCaseworker, [[h.users.w1, 'Jelena', 3, 3, 0, 0, 100, null, null, 3]]);
  // The case's timeline says when it changed hands.
  const timeline = (await get(`/cases/${h.cases.M.id}/timeline`, 'coordinator')).body.entries;
  expect(timeline.filter((e: { kind: string }) => e.kind === 'caseworker.changed')).toEqual([
    {
      at: expect.stringMatching(h.iso(400).slice(0, 13)),
      kind: 'caseworker.changed',
      detail: { caseworkerId: h.users.w2, previousCaseworkerId: h.users.w1 },
    },
  ]);
});

test('a caseworker sees only their own line; asking for another is refused', async () => {
  const own = await get(`/evaluation?${ALL()}`, 'w1');
  expect(own.status).toBe(200);
  expect(own.body.scope).toBe('caseworker');
  expect(Object.keys(own.body.tables)).toEqual(['timelinessByCaseworker']);
  expectCells(own.body.tables.timelinessByCaseworker, [JELENA()]);
  const other = await get(`/evaluation?caseworkerId=${h.users.w2}`, 'w1');
  expect(other.status).toBe(403);
  expect(other.body).toMatchObject({ status: 403, field: 'caseworkerId' });
  expect((await get('/evaluation.csv?table=alertsByTrigger', 'w1')).status).toBe(403);
  expect((await get(`/evaluation.csv?table=timelinessByCaseworker&caseworkerId=${h.users.w2}`, 'w1')).status).toBe(403);
  const ownCsv = await get('/evaluation.csv?table=timelinessByCaseworker', 'w1');
  expect(ownCsv.text.trim().split('\r\n')).toHaveLength(2);
  expect((await get('/evaluation/report.html', 'w1')).status).toBe(403);
  // A coordinator may ask for one caseworker's line.
  const one = await get(`/evaluation?caseworkerId=${h.users.w2}&${ALL()}`, 'coordinator');
  expectCells(one.body.tables.timelinessByCaseworker, [MARKO()]);
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
  for (const table of [
    'timelinessByRule',
    'timelinessByRiskLevel',
    'escalationsByMonth',
    'reactionToDanger',
    'calibration',
    'missedDanger',
    'alertsByTrigger',
    'alertsByAcknowledgingLevel',
    'deliveryFailuresByChannel',
    'fieldVisitAlarmsByMonth',
    'selfAssessmentsByMonth',
  ]) {
    const [json, csv] = [
      (await get(`/evaluation?${ALL()}`, 'admin')).body.tables[table],
      await get(`/evaluation.csv?table=${table}&${ALL()}`, 'admin'),
    ];
    expect([table, csv.type, csv.text.split('\r\n').length]).toEqual([table, 'text/csv; charset=utf-8', json.rows.length + 2]);
  }
  const csv = await get(`/evaluation.csv?table=timelinessByCaseworker&${ALL()}`, 'coordinator');
  expect(csv.text.split('\r\n').slice(0, 3)).toEqual([
    'caseworkerId,caseworker,due,onTime,late,notDone,onTimePercent,lateMedianHours,lateP90Hours,cases',
    JELENA().join(','),
    MARKO().join(','),
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
  // The organisation's figures and the other organisation's I, S, T. base: 24 due in 13 cases; on time 13 in A, D, J, L, M,
  // N, P, R, S; late 9 in A, B, F, J, L, M, T (3, 14, 14, 19, 20, 25, 52, 77, 800); never in H, J only.
  // new-case: 20 cases, on time 18; late (T) and never (C) one case each.
  expect(rows(body.tables.timelinessByRule)).toEqual([
    ['base', 24, 13, 9, null, 54.2, 20, 800, 13],
    ['new-case', 20, 18, null, null, 90, null, null, 20],
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
  // LOW: E, J, Q. MEDIUM: 21 + I 1 + S 2 due in 10 cases; on time 16 in A, F, H, M, O, P, Q, I, S; late 5 in A, F, M, O, P
  // (1, 14, 14, 25, 360); never in C, H, Q. HIGH: 24 + T 2 due in 8 cases; on time 20 in 7; late in B, D, G, T; never in B.
  expect(rows(body.tables.timelinessByRiskLevel)).toEqual([
    none('LOW'),
    ['MEDIUM', 24, 16, 5, null, 66.7, 14, 360, 10],
    ['HIGH', 26, 20, null, null, 76.9, null, null, 8],
    none('CRITICAL'),
  ]);
  // MEDIUM: 18 + I 1 + S 2 ratings in 9 cases, 7848 + 720 + 295 + 720 h; HIGH: 25 + T 2 in 9 cases, 7171 + 220 + 720 h.
  // No incident followed a rating in 5 cases.
  const noneCalibrated = (level: string) => [level, ...Array(10).fill(null), null];
  expect(rows(body.tables.calibration)).toEqual([
    noneCalibrated('LOW'),
    ['MEDIUM', 21, 13.31, ...Array(8).fill(null), 9],
    ['HIGH', 27, 11.27, ...Array(8).fill(null), 9],
    noneCalibrated('CRITICAL'),
  ]);
  // Escalations: T's 210, 222 too; a month shows a figure only when 5 cases escalated in it.
  expect(rows(body.tables.escalationsByMonth)).toEqual(escalationRows([...ESCALATIONS, [210, 'c', 'T'], [222, 'o', 'T']], 5));
  // Nothing else has 5 cases (or visits, or organisations) behind it.
  for (const name of Object.keys(body.tables).filter((n) => !/^(timeliness|calibration|escalations)/.test(n))) {
    const numbers = rows(body.tables[name])
      .flatMap((row) => row.slice(1))
      .filter((v) => v !== null);
    expect([name, numbers]).toEqual([name, []]);
  }
  const csv = await get(`/evaluation/national.csv?table=timelinessByRule&${ALL()}`, 'national');
  expect(csv.text.split('\r\n')[1]).toBe('base,24,13,9,,54.2,20,800,13');
  expect((await get('/evaluation/national.csv?table=missedDanger', 'national')).status).toBe(400);
  expect((await get('/evaluation/national/report.html', 'national')).text).toContain('fewer than 5 cases');
});
