/**
 * The real stack with its worker sending SMS to the local Twilio imitation, an organisation whose
 * caseworker goes into the field, and the alert SMS as their recipients' phones receive them.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { loadConfig } from '../../platform/config';
import { createFieldCipher } from '../../platform/field-encryption';
import { startFieldVisit, type FreeText } from '../../services/field-visits';
import { eventually, seedOrganisation, type Organisation } from './api-client';
import { startFakeTwilio, type FakeMessage, type FakeTwilio } from './fake-twilio';
import { startStack, TEST_DATA_KEY, TEST_PUBLIC_URL, type Stack } from './stack';

export const PINS = { checkInPin: '1234', duressPin: '9876' };
export const STAFF_NAME = 'Ana Petrović';

/** The stack sending SMS, with an organisation of fieldOrganisation(); `stop` ends both. */
export async function startFieldStack(name: string, phonePrefix: string) {
  const { stack, fake } = await startStackSendingSms();
  const stop = async () => {
    await stack.stop();
    await fake.close();
  };
  return { stack, fake, stop, ...(await fieldOrganisation(stack, name, phonePrefix)) };
}

export async function startStackSendingSms(): Promise<{ stack: Stack; fake: FakeTwilio }> {
  const fake = await startFakeTwilio();
  const messaging = loadConfig({
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE_URL: fake.url,
  }).messaging;
  return { stack: await startStack({ messaging }), fake };
}

/** The SMS `phone` received, once `count` of them (matching `about`) have arrived. */
export const smsTo = (fake: FakeTwilio, phone: string, about: string, count = 1): Promise<FakeMessage[]> =>
  eventually(
    async () => fake.messages.filter((m) => m.to === phone && m.body.includes(about)),
    (messages) => messages.length >= count,
    20_000,
  );

/** The alert page's path in a message (`/a/<token>`). */
export function pagePathIn(body: string): string {
  const path = body.match(new RegExp(`${TEST_PUBLIC_URL.replace(/\./g, '\\.')}(/a/[A-Za-z0-9_-]{16})`))?.[1];
  if (!path) throw new Error(`no alert page link in: ${body}`);
  return path;
}

/**
 * An organisation whose caseworker (the staff member, named STAFF_NAME, with PINs and a phone of
 * their own) goes into the field; a duty coordinator and a police liaison to alert.
 */
export async function fieldOrganisation(stack: Stack, name: string, phonePrefix: string) {
  const { prisma } = stack.database;
  const org = await seedOrganisation(prisma, stack.apiUrl, name);
  const phone = (n: number) => `${phonePrefix}${n}`;
  const contact = (displayName: string, data: { phone: string; email?: string; language?: string; userId?: string }) =>
    prisma.contact.create({ data: { organisationId: org.id, displayName, ...data } });
  const visitorPhone = phone(1);
  await contact('Caseworker', { phone: visitorPhone, userId: org.caseworker.id });
  await prisma.user.update({ where: { id: org.caseworker.id }, data: { displayName: STAFF_NAME } });
  const duty = await contact('Duty coordinator', { phone: phone(2), email: `duty@${org.id}.test` });
  const police = await contact('Police liaison', { phone: phone(3), language: 'en' });
  await prisma.organisation.update({ where: { id: org.id }, data: { dutyCoordinatorContactId: duty.id } });
  const pins = await org.caseworker.api.put('/me/check-in-pins', { currentPassword: org.caseworker.password, ...PINS });
  if (pins.status !== 204) throw new Error(`setting PINs: ${pins.status}`);
  return { org, visitorPhone, duty, police };
}

/** A visit of `org`'s caseworker whose deadline has already passed: its workflow raises the missed-check-in alert at once. */
export function overdueVisit(stack: Stack, org: Organisation, safetyContactIds: string[], text: Partial<Record<FreeText, string>> = {}) {
  return startFieldVisit(
    {
      prisma: stack.database.prisma as PrismaClient,
      temporal: stack.client,
      taskQueue: stack.taskQueue,
      fieldCipher: createFieldCipher(TEST_DATA_KEY),
    },
    {
      organisationId: org.id,
      userId: org.caseworker.id,
      caseId: null,
      expectedEndAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      graceMinutes: 15,
      safetyContactIds,
      text,
    },
  );
}
