import type { PrismaClient } from '../generated/prisma/client';
import { generatePassword, hashPassword } from './passwords';

export const FIRST_ADMIN_EMAIL = 'admin@vigil.local';

/**
 * On a database without any organisation, creates one and its first admin, and returns the
 * credential to show once (it is stored only as a hash). Returns null on every later start.
 */
export async function ensureFirstAdmin(prisma: PrismaClient): Promise<{ email: string; password: string } | null> {
  if ((await prisma.organisation.count()) > 0) return null;
  const password = generatePassword();
  await prisma.organisation.create({
    data: {
      name: 'My organisation',
      users: {
        create: { email: FIRST_ADMIN_EMAIL, displayName: 'Administrator', role: 'ADMIN', passwordHash: await hashPassword(password) },
      },
    },
  });
  return { email: FIRST_ADMIN_EMAIL, password };
}
