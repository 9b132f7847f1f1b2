/**
 * Who a message reaches: contacts by id, or users through their first contact card (else their
 * login email), with their addresses, language and quiet hours.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { DEFAULT_TIME_ZONE } from '../domain/defaults';
import type { Language } from '../domain/message-texts';
import type { QuietHours } from '../domain/quiet-hours';

/** The two channels a message goes by; the database writes them SMS and EMAIL. */
export type Channel = 'sms' | 'email';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Recipient {
  /** The id the recipient was asked for by (part of the idempotency key). */
  id: string;
  contactId: string | null;
  userId: string | null;
  email: string | null;
  /** Where SMS go: null when the card has no phone or keeps it for calls only. */
  phone: string | null;
  language: Language;
  quietHours: QuietHours;
  /** SMS without diacritics (GSM-7): the card's choice, else the organisation's default. */
  smsWithoutDiacritics: boolean;
}

/** Contacts by id, then users by id (through their first contact card); other ids are left out. */
export async function findRecipients(prisma: PrismaClient, organisationId: string, ids: string[]): Promise<Map<string, Recipient>> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  const found = new Map<string, Recipient>();
  const organisation = await prisma.organisation.findUnique({ where: { id: organisationId }, select: { smsWithoutDiacritics: true } });
  const plainLetters = (card: { smsWithoutDiacritics: boolean | null } | undefined) =>
    card?.smsWithoutDiacritics ?? organisation?.smsWithoutDiacritics ?? false;
  for (const c of await prisma.contact.findMany({ where: { organisationId, id: { in: wanted } } })) {
    found.set(c.id, {
      id: c.id,
      contactId: c.id,
      userId: c.userId,
      email: c.email,
      phone: smsPhone(c),
      language: c.language as Language,
      quietHours: quietHoursOf(c),
      smsWithoutDiacritics: plainLetters(c),
    });
  }
  const rest = wanted.filter((id) => !found.has(id));
  const users = rest.length
    ? await prisma.user.findMany({
        where: { organisationId, id: { in: rest }, active: true },
        include: { contacts: { orderBy: { createdAt: 'asc' }, take: 1 } },
      })
    : [];
  for (const u of users) {
    const card = u.contacts[0];
    found.set(u.id, {
      id: u.id,
      contactId: card?.id ?? null,
      userId: u.id,
      email: card?.email ?? u.email,
      phone: card ? smsPhone(card) : null,
      language: (card?.language as Language | undefined) ?? 'sr-Latn',
      quietHours: quietHoursOf(card),
      smsWithoutDiacritics: plainLetters(card),
    });
  }
  return found;
}

export function addressOf(recipient: Recipient, channel: Channel): string | null {
  return channel === 'sms' ? recipient.phone : recipient.email;
}

/** A user without a contact card has the contacts' defaults: the default time zone, no quiet hours. */
function quietHoursOf(contact: QuietHours | undefined): QuietHours {
  return {
    timeZone: contact?.timeZone ?? DEFAULT_TIME_ZONE,
    quietHoursStart: contact?.quietHoursStart ?? null,
    quietHoursEnd: contact?.quietHoursEnd ?? null,
  };
}

/** A card's phone for SMS: none where it is kept for calls only (a landline, `sms` false). */
function smsPhone(card: { phone: string | null; sms: boolean }): string | null {
  return card.sms ? card.phone : null;
}
