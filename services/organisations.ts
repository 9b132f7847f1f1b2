import type { PrismaClient } from '../generated/prisma/client';
import { generatePassword, hashPassword } from './passwords';

export const FIRST_ADMIN_EMAIL = 'admin@vigil.local';

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
