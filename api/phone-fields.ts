/**
 * Phone numbers in requests and answers: read with the organisation's country (its setting
 * `defaultCountry`), stored in E.164, shown in the reader's convention, with the number's type
 * and, where SMS may not reach it, a warning.
 */
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client';
import { displayPhone, PHONE_MAX_LENGTH, PHONE_TYPES, phoneType, readPhone, smsReach, smsTypeProblem } from '../domain/phone-numbers';
import { Problem } from './problems';

/** A phone number as people write it; the route reads it with the organisation's country. */
export const phoneInput = z
  .string()
  .max(PHONE_MAX_LENGTH, { error: `must be at most ${PHONE_MAX_LENGTH} characters` })
  .describe(
    "A phone number as people write it: 064 123 4567, 011/234-5678, +381 64 123 4567 or 00381 64 123 4567. Without a country code it is read as a number of the organisation's country (setting defaultCountry). Stored in E.164; a number that cannot exist is refused with the reason.",
  );

const warning = z
  .object({ field: z.string().describe('The input the warning is about'), message: z.string() })
  .describe('Saved, but worth a look: e.g. a number that may be a landline, which SMS do not reach');

/** The organisation's country of numbers written without a country code. */
export async function organisationCountry(prisma: PrismaClient, organisationId: string): Promise<string> {
  const { defaultCountry } = await prisma.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { defaultCountry: true },
  });
  return defaultCountry;
}

/** `text` in E.164, or a 400 naming `field` that says why (never quoting the number). */
export function phoneField(text: string, country: string, field: string): string {
  const reading = readPhone(text, country);
  if ('problem' in reading) throw new Problem(400, reading.problem, field);
  return reading.e164;
}

/** Refuses (400 naming `field`) SMS to a number of a type they cannot reach, such as a fixed line. */
export function checkSmsReach(e164: string, field: string): void {
  const type = phoneType(e164);
  if (smsReach(type) === 'no') throw new Problem(400, smsTypeProblem(type)!, field);
}

export const phoneViewFields = {
  phoneDisplay: z
    .string()
    .nullable()
    .describe("The number as the organisation's staff write it: national format for their own country, international otherwise"),
  phoneType: z
    .enum(PHONE_TYPES)
    .nullable()
    .describe('What the numbering plan says the number is; FIXED_LINE_OR_MOBILE where it does not tell (e.g. +1 numbers)'),
  warnings: z.array(warning).describe('Why SMS to this contact may not arrive; empty when nothing is wrong'),
};

/** The view fields of a stored number: shown for `country`'s readers, with its SMS warnings. */
export function phoneView(e164: string | null, sms: boolean, country: string) {
  if (e164 === null) return { phoneDisplay: null, phoneType: null, warnings: [] };
  const type = phoneType(e164);
  const problem = sms ? smsTypeProblem(type) : null;
  return { phoneDisplay: displayPhone(e164, country), phoneType: type, warnings: problem ? [{ field: 'phone', message: problem }] : [] };
}
