/** The credentials that end together: what a password change, a reset and a deactivation revoke. */
import type { Prisma, PrismaClient } from '../generated/prisma/client';

/**
 * Ends a user's sessions but `keep`, and with `tokensAndFeed` their API tokens and calendar feed
 * too: what a password change, a reset and a deactivation do, as writes for one transaction.
 */
export function endCredentials(
  prisma: PrismaClient,
  userId: string,
  { keep, tokensAndFeed }: { keep?: string; tokensAndFeed: boolean },
): Prisma.PrismaPromise<unknown>[] {
  const now = new Date();
  const ends = [
    prisma.accessToken.updateMany({
      where: { userId, revokedAt: null, ...(tokensAndFeed ? {} : { kind: 'SESSION' }), ...(keep ? { id: { not: keep } } : {}) },
      data: { revokedAt: now },
    }),
  ];
  if (!tokensAndFeed) return ends;
  return [...ends, prisma.calendarFeed.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } })];
}
