/**
 * The checks a contact card passes before it is written: alerts must reach it, its user must be
 * the organisation's, and a staff member's phone belongs to one person.
 */
import type { Contact, PrismaClient } from '../generated/prisma/client';
import { isUniqueViolation } from '../platform/database';
import { checkSmsReach, phoneField } from './phone-fields';
import { Problem } from './problems';

/**
 * The card's phone in E.164 (read with the organisation's `country`), after checking that alerts
 * reach the card: SMS only where the number's type receives them, else an email address.
 */
export function cardPhone(
  card: { phone: string | null; sms: boolean; email: string | null },
  changed: { phone: boolean; sms: boolean },
  country: string,
): string | null {
  const phone = card.phone !== null && changed.phone ? phoneField(card.phone, country, 'phone') : card.phone;
  if (phone === null && card.email === null) throw new Problem(400, 'a contact needs a phone number or an email address', 'phone');
  if (phone !== null && card.sms && (changed.phone || changed.sms)) checkSmsReach(phone, changed.phone ? 'phone' : 'sms');
  if (phone !== null && !card.sms && card.email === null)
    throw new Problem(400, 'a contact whose phone takes no SMS needs an email address: alerts reach it by SMS or email only', 'email');
  return phone;
}

export async function checkUser(prisma: PrismaClient, organisationId: string, userId: string | null | undefined): Promise<void> {
  if (userId && !(await prisma.user.findFirst({ where: { id: userId, organisationId } }))) {
    throw new Problem(400, 'no user with this id in your organisation', 'userId');
  }
}

const staffPhoneTaken = () =>
  new Problem(
    409,
    'is on the card of another staff member (here or in another organisation): a staff phone belongs to one person',
    'phone',
  );

/**
 * SMS commands (SAFE, EXTEND, PANIC) find the staff member by the phone on their own card, so a
 * user's card may not carry a number that another user's card carries, in any organisation. The
 * database refuses it too (migration trigger), for writes that race past this check.
 */
export async function checkStaffPhone(
  prisma: PrismaClient,
  card: { id?: string; userId: string | null; phone: string | null },
): Promise<void> {
  if (!card.userId || !card.phone) return;
  const others = await prisma.contact.count({
    where: { phone: card.phone, userId: { not: null }, NOT: [{ userId: card.userId }, ...(card.id ? [{ id: card.id }] : [])] },
  });
  if (others) throw staffPhoneTaken();
}

/** A write of a card, with the database's refusal of a taken staff phone answered as checkStaffPhone does. */
export async function writeCard(write: () => Promise<Contact>): Promise<Contact> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw staffPhoneTaken();
    throw error;
  }
}
