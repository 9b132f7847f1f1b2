/**
 * The alert's page for the people it pages who are not users (issue #14, item 5), on the real
 * stack, opened through the link in the SMS the local Twilio imitation received: what happened,
 * the procedure's steps, who was paged and who acknowledged, no victim data; opening it
 * acknowledges nothing, its button acknowledges as the link's recipient only; a tampered link
 * finds nothing, and a day after the alert is resolved the link has expired.
 */
import { triggerWords } from '../../domain/message-texts';
import { defaultProcedureSteps, procedureFor } from '../../domain/response-procedures';
import { escapeHtml } from '../../api/html';
import { resolveAlertSignal } from '../../workflows/urgent-alert';
import { eventually, openCaseFor, type Organisation } from '../support/api-client';
import { overdueVisit, pagePathIn, smsTo, STAFF_NAME, startFieldStack } from '../support/alert-sms';
import type { FakeTwilio } from '../support/fake-twilio';
import type { Stack } from '../support/stack';

let stack: Stack;
let fake: FakeTwilio;
let org: Organisation;
let visitorPhone: string;
let duty: { id: string; phone: string | null };
let police: { id: string; phone: string | null };
const VICTIM = ['Marija Jovanović', 'Cara Dušana 12'];

let stop: () => Promise<void>;
beforeAll(async () => {
  ({ stack, fake, stop, org, visitorPhone, duty, police } = await startFieldStack('Alert page', '+38164888000'));
}, 120_000);
afterAll(() => stop?.());

const open = (path: string, method = 'GET') => fetch(`${stack.apiUrl}${path}`, { method, redirect: 'manual' });
const alertRow = (id: string) => stack.database.prisma.alert.findUniqueOrThrow({ where: { id } });

/** A threat reported on a case whose police liaison is paged; notes and description name the victim. */
async function threatAlert() {
  const c = await openCaseFor(org, { designatedContacts: [{ contactId: police.id, role: 'POLICE_LIAISON' }] });
  await org.caseworker.api.post(`/cases/${c.id}/assessments`, { riskLevel: 'HIGH', notes: `${VICTIM[0]} lives at ${VICTIM[1]}` });
  const reported = await org.caseworker.api.post(`/cases/${c.id}/incidents`, {
    incidentType: 'THREAT',
    severity: 'CRITICAL',
    description: `${VICTIM[0]} was threatened near ${VICTIM[1]}`,
  });
  expect(reported.status).toBe(200);
  const [sms] = await smsTo(fake, police.phone!, c.caseCode);
  const alert = (await eventually(
    () => stack.database.prisma.alert.findFirst({ where: { caseId: c.id } }),
    (row) => row !== null,
  ))!;
  return { caseCode: c.caseCode as string, alert, path: pagePathIn(sms.body) };
}

test('the link from the SMS opens the page: what happened, the steps, who was paged; no victim data; opening it acknowledges nothing', async () => {
  const { caseCode, alert, path } = await threatAlert();
  const page = await open(path);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await page.text();
  expect(html).not.toContain('<script');
  expect(html).toContain(caseCode);
  expect(html).toContain(escapeHtml(triggerWords('en', alert.trigger)));
  for (const step of defaultProcedureSteps(procedureFor(alert.trigger)!, 'en')) expect(html).toContain(escapeHtml(step));
  expect(html).toMatch(/Police liaison \(police liaison\) \(you\) · level 1 · SMS: (sent|queued)/);
  expect(html).toContain('Acknowledged by: nobody yet');
  expect(html).toContain('<form method="post">');
  for (const secret of [...VICTIM, 'Jovanovi', 'Dušana', 'Dusana']) expect(html).not.toContain(secret);
  // A GET (a mail scanner's too) acknowledges nothing.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect((await alertRow(alert.id)).state).toBe('ALERTING');

  const pressed = await open(path, 'POST');
  expect(pressed.status).toBe(200);
  expect(await pressed.text()).toContain('Acknowledged. Thank you.');
  const acknowledged = await eventually(
    () => alertRow(alert.id),
    (row) => row.state === 'ACKNOWLEDGED',
  );
  expect(acknowledged).toMatchObject({ acknowledgedBy: police.id, acknowledgedVia: 'link' });
  expect(await (await open(path)).text()).toMatch(/Acknowledged by: Police liaison, /);
  expect((await open(path, 'POST')).status).toBe(409);
});

test('a tampered or made-up link finds nothing (404 page), and acknowledges nothing', async () => {
  const { alert, path } = await threatAlert();
  const last = path.at(-1)!;
  for (const tampered of [`${path.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`, '/a/AAAAAAAAAAAAAAAA', '/a/short', `${path}x`]) {
    for (const method of ['GET', 'POST']) {
      const answer = await open(tampered, method);
      expect([tampered, method, answer.status]).toEqual([tampered, method, 404]);
      expect(await answer.text()).toContain('Unknown link');
    }
  }
  expect((await alertRow(alert.id)).state).toBe('ALERTING');
  await open(path, 'POST');
});

test('each contact is bound to their own link: it acknowledges as them and no one else', async () => {
  const visit = await overdueVisit(stack, org, [duty.id, police.id]);
  const [toDuty] = await smsTo(fake, duty.phone!, visit.visitCode);
  const [toPolice] = await smsTo(fake, police.phone!, visit.visitCode);
  const [dutyPath, policePath] = [pagePathIn(toDuty.body), pagePathIn(toPolice.body)];
  expect(dutyPath).not.toBe(policePath);
  // Each page marks its own reader.
  expect(await (await open(policePath)).text()).toMatch(/Police liaison[^<]*\(you\)/);
  expect(await (await open(dutyPath)).text()).toMatch(/Duty coordinator[^<]*\(vi\)/);

  expect((await open(dutyPath, 'POST')).status).toBe(200);
  const alert = await eventually(
    () => stack.database.prisma.alert.findFirstOrThrow({ where: { fieldVisitId: visit.id } }),
    (row) => row.state === 'ACKNOWLEDGED',
  );
  expect(alert).toMatchObject({ acknowledgedBy: duty.id, acknowledgedVia: 'link' });
  // The other contact's link cannot acknowledge on top of it.
  expect((await open(policePath, 'POST')).status).toBe(409);
  expect((await alertRow(alert.id)).acknowledgedBy).toBe(duty.id);
});

test("a visit alarm's page names the staff member with a call link, and the visit's place, purpose and company, escaped", async () => {
  const text = { location: 'Zemun, Nemanjina 4', purpose: 'Poseta <b>posle</b> ročišta & razgovor', withWhom: 'M. i dete' };
  const visit = await overdueVisit(stack, org, [police.id], text);
  const [sms] = await smsTo(fake, police.phone!, visit.visitCode);
  for (const secret of ['Zemun', 'Nemanjina', 'posle', 'dete']) expect(sms.body).not.toContain(secret);
  const html = await (await open(pagePathIn(sms.body))).text();
  expect(html).toContain(visit.visitCode);
  expect(html).toContain(escapeHtml(STAFF_NAME));
  expect(html).toContain(`<a href="tel:${visitorPhone}">${visitorPhone}</a>`);
  expect(html).toContain('Place: Zemun, Nemanjina 4');
  expect(html).toContain('Purpose: Poseta &#60;b&#62;posle&#60;/b&#62; ročišta &#38; razgovor');
  expect(html).toContain('With whom: M. i dete');
  expect(html).not.toContain('<b>');
  expect(html).toContain(escapeHtml(defaultProcedureSteps('missed-check-in', 'en')[0]));
});

test('the link still opens the page for a day after the alert is resolved, then answers that it has expired (410)', async () => {
  const { alert, path } = await threatAlert();
  await stack.client.workflow.getHandle(alert.id).signal(resolveAlertSignal, { by: org.coordinator.id, via: 'api' });
  const resolved = await eventually(
    () => alertRow(alert.id),
    (row) => row.state === 'RESOLVED' && row.resolvedAt !== null,
  );
  const page = await open(path);
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/Resolved by: coordinator, /);

  // The workflow writes its mirror once more after telling those paged: let it finish first.
  await stack.client.workflow.getHandle(alert.id).result();
  // As if the resolution were a day and a minute old.
  const dayAgo = new Date(resolved.resolvedAt!.getTime() - 24 * 3_600_000 - 60_000);
  await stack.database.prisma.alert.update({ where: { id: alert.id }, data: { resolvedAt: dayAgo } });
  for (const method of ['GET', 'POST']) {
    const expired = await open(path, method);
    expect([method, expired.status]).toEqual([method, 410]);
    expect(await expired.text()).toContain('This link has expired');
  }
});
