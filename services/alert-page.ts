/**
 * What an alert's page shows the recipient of its link (api/alert-page.ts): what happened (the
 * case or visit code and the trigger), the organisation's response procedure, who was paged on
 * which channel and whether it arrived, who acknowledged and who resolved it. For a visit's alert
 * also the staff member to call and the visit's place, purpose and company, decrypted for this
 * page only. Nothing of a victim: a case is named by its code. Every read is within the alert's
 * organisation.
 */
import type { Alert, DeliveryChannel, DeliveryStatus, PrismaClient } from '../generated/prisma/client';
import { DEFAULT_TIME_ZONE } from '../domain/defaults';
import type { Language } from '../domain/message-texts';
import { defaultProcedureSteps, procedureFor } from '../domain/response-procedures';
import type { FieldCipher } from '../platform/field-encryption';
import { visitorOf, visitTexts, type FreeText } from './field-visits';

export interface PagedPerson {
  /** The contact or user id the alert was sent to. */
  id: string;
  name: string;
  /** Their role on the case (POLICE_LIAISON...) or in the organisation (COORDINATOR...), if known. */
  role: string | null;
  /** 0 for the first level; -1 for the person in charge told that nobody acknowledged; null when not recorded. */
  level: number | null;
  /** Each channel's latest provider status. */
  channels: { channel: DeliveryChannel; status: DeliveryStatus }[];
}

export interface AlertPageData {
  alert: Alert;
  about: 'case' | 'visit';
  code: string;
  recipient: { name: string; language: Language; timeZone: string };
  steps: string[];
  paged: PagedPerson[];
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  visit: ({ staffName: string; staffPhone: string | null } & Record<FreeText, string | null>) | null;
}

/** A recipient no longer in the organisation (a deleted contact) reads the page in Serbian. */
const UNKNOWN_READER = { name: '', language: 'sr-Latn' as Language, timeZone: DEFAULT_TIME_ZONE };

type People = Map<string, { name: string; role: string | null; language: Language; timeZone: string }>;

/** The page of `alert` for `recipientId`. */
export async function alertPageData(
  prisma: PrismaClient,
  fieldCipher: FieldCipher,
  alert: Alert,
  recipientId: string,
): Promise<AlertPageData> {
  const where = { organisationId: alert.organisationId };
  const [caseRow, visitRow, messages] = await Promise.all([
    alert.caseId ? prisma.case.findFirst({ where: { ...where, id: alert.caseId }, select: { caseCode: true } }) : null,
    alert.fieldVisitId ? prisma.fieldVisit.findFirst({ where: { ...where, id: alert.fieldVisitId } }) : null,
    prisma.deliveryAttempt.findMany({
      where: { ...where, alertId: alert.id, kind: { in: ['URGENT', 'UNACKNOWLEDGED'] } },
      select: { contactId: true, userId: true, channel: true, status: true },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const levels = levelsOf(alert);
  const recipientOf = (m: { contactId: string | null; userId: string | null }) =>
    [m.contactId, m.userId].find((id) => id && levels.has(id)) ?? m.contactId ?? m.userId!;
  const ids = [recipientId, ...messages.map(recipientOf), alert.acknowledgedBy, alert.resolvedBy].filter((id): id is string => !!id);
  const people = await peopleOf(prisma, alert, ids);
  const visitor = visitRow ? await visitorOf(prisma, visitRow.id) : null;
  return {
    alert,
    about: visitRow ? 'visit' : 'case',
    code: visitRow?.visitCode ?? caseRow?.caseCode ?? '',
    recipient: people.get(recipientId) ?? UNKNOWN_READER,
    steps: await procedureSteps(prisma, alert, (people.get(recipientId) ?? UNKNOWN_READER).language),
    paged: pagedPeople(messages, recipientOf, levels, people),
    acknowledgedBy: alert.acknowledgedBy ? nameOf(people, alert.acknowledgedBy) : null,
    resolvedBy: alert.resolvedBy ? nameOf(people, alert.resolvedBy) : null,
    visit: visitRow && visitor ? { staffName: visitor.name, staffPhone: visitor.phone, ...visitTexts(visitRow, fieldCipher) } : null,
  };
}

/** Who a link was sent to, in the alert's organisation: their name, language and time zone. */
export async function readerOf(prisma: PrismaClient, alert: Alert, recipientId: string): Promise<AlertPageData['recipient']> {
  return (await peopleOf(prisma, alert, [recipientId])).get(recipientId) ?? UNKNOWN_READER;
}

/** Each recipient in order of their first message, with their channels' latest status. */
function pagedPeople(
  messages: { contactId: string | null; userId: string | null; channel: DeliveryChannel; status: DeliveryStatus }[],
  recipientOf: (m: { contactId: string | null; userId: string | null }) => string,
  levels: Map<string, number>,
  people: People,
): PagedPerson[] {
  const paged = new Map<string, PagedPerson>();
  for (const message of messages) {
    const id = recipientOf(message);
    const person = paged.get(id) ?? {
      id,
      name: nameOf(people, id),
      role: people.get(id)?.role ?? null,
      level: levels.get(id) ?? null,
      channels: [],
    };
    paged.set(id, person);
    person.channels = [
      ...person.channels.filter((c) => c.channel !== message.channel),
      { channel: message.channel, status: message.status },
    ];
  }
  return [...paged.values()];
}

/** The first level each recipient was paged at, as the alert's workflow recorded it. */
function levelsOf(alert: Alert): Map<string, number> {
  const attempts = Array.isArray(alert.attempts) ? (alert.attempts as { contactId: string; level: number }[]) : [];
  const levels = new Map<string, number>();
  for (const { contactId, level } of attempts) if (!levels.has(contactId)) levels.set(contactId, level);
  return levels;
}

/** Contacts and users of the alert's organisation by id, with their role on the alert's case if they have one. */
async function peopleOf(prisma: PrismaClient, alert: Alert, ids: string[]): Promise<People> {
  const wanted = [...new Set(ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
  const where = { organisationId: alert.organisationId, id: { in: wanted } };
  const [contacts, users] = await Promise.all([
    prisma.contact.findMany({
      where,
      select: {
        id: true,
        displayName: true,
        language: true,
        timeZone: true,
        user: { select: { role: true } },
        cases: { where: { caseId: alert.caseId ?? undefined } },
      },
    }),
    prisma.user.findMany({
      where,
      select: {
        id: true,
        displayName: true,
        role: true,
        contacts: { select: { language: true, timeZone: true }, orderBy: { createdAt: 'asc' }, take: 1 },
      },
    }),
  ]);
  const people: People = new Map();
  for (const u of users) {
    const card = u.contacts[0];
    people.set(u.id, {
      name: u.displayName,
      role: u.role,
      language: (card?.language ?? 'sr-Latn') as Language,
      timeZone: card?.timeZone ?? DEFAULT_TIME_ZONE,
    });
  }
  for (const c of contacts) {
    const caseRole = alert.caseId ? c.cases[0]?.role : undefined;
    people.set(c.id, {
      name: c.displayName,
      role: caseRole ?? c.user?.role ?? null,
      language: c.language as Language,
      timeZone: c.timeZone,
    });
  }
  return people;
}

/** A name for an id; a phone number that replied is named by its last digits only. */
function nameOf(people: People, id: string): string {
  return people.get(id)?.name ?? (id.startsWith('+') ? `…${id.slice(-3)}` : '?');
}

/** The organisation's steps for the alert's trigger, or Vigil's default ones. */
async function procedureSteps(prisma: PrismaClient, alert: Alert, language: Language): Promise<string[]> {
  const trigger = procedureFor(alert.trigger);
  if (!trigger) return [];
  const own = await prisma.responseProcedure.findUnique({
    where: { organisationId_trigger: { organisationId: alert.organisationId, trigger } },
  });
  return own?.steps ?? [...defaultProcedureSteps(trigger, language)];
}
