import type { PrismaClient } from '../generated/prisma/client';
import { isUniqueViolation } from '../platform/database';
import { generatePassword, hashPassword } from './passwords';

export const FIRST_ADMIN_EMAIL = 'admin@vigil.local';
/** The organisation the national office's users belong to: it has no case, staff or contact. */
export const NATIONAL_OFFICE_NAME = 'National coordination office';

/** A new organisation and its admin; the password is returned to show once (it is stored only as a hash). */
export async function createOrganisation(
  prisma: PrismaClient,
  organisation: string,
  email: string,
): Promise<{ organisationId: string; email: string; password: string }> {
  const password = generatePassword();
  const created = await prisma.organisation.create({
    data: {
      name: organisation,
      users: { create: { email, displayName: 'Administrator', role: 'ADMIN', passwordHash: await hashPassword(password) } },
    },
  });
  return { organisationId: created.id, email, password };
}

/** On a database without any organisation, creates one and its first admin. Returns null on every later start. */
export async function ensureFirstAdmin(prisma: PrismaClient): Promise<{ email: string; password: string } | null> {
  if ((await prisma.organisation.count()) > 0) return null;
  const { email, password } = await createOrganisation(prisma, 'My organisation', FIRST_ADMIN_EMAIL);
  return { email, password };
}

/**
 * A user of the national coordination office, who may read only the installation-wide evaluation.
 * Every user belongs to an organisation: the office's users share one of their own (the first
 * such user's, else a new one), which holds nothing else. The password is returned to show once.
 */
export async function createNationalOfficeUser(
  prisma: PrismaClient,
  email: string,
  displayName: string,
): Promise<{ organisationId: string; email: string; password: string }> {
  const password = generatePassword();
  const user = { email, displayName, role: 'NATIONAL_OFFICE' as const, passwordHash: await hashPassword(password) };
  const office = await prisma.user.findFirst({
    where: { role: 'NATIONAL_OFFICE' },
    orderBy: { createdAt: 'asc' },
    select: { organisationId: true },
  });
  try {
    const organisationId = office
      ? (await prisma.user.create({ data: { ...user, organisationId: office.organisationId } })).organisationId
      : (await prisma.organisation.create({ data: { name: NATIONAL_OFFICE_NAME, users: { create: user } } })).id;
    return { organisationId, email, password };
  } catch (error) {
    if (isUniqueViolation(error)) throw new Error(`the national office already has a user with the email ${email}`);
    throw error;
  }
}
