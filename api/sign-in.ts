/**
 * Signing in: the password check and the 12-hour session it opens, shared by the API's login
 * and the codec page, with the one rate limit they share.
 */
import type { FastifyRequest } from 'fastify';
import type { PrismaClient, User } from '../generated/prisma/client';
import { hashPassword, verifyPassword } from '../services/passwords';
import { hasRole, newSecret, type Role } from './auth';
import { Problem } from './problems';

const SESSION_HOURS = 12;
const LOGIN_ATTEMPTS_PER_MINUTE = 5;
const HOUR = 3_600_000;

/** Sign-in attempts (API and codec page), per address and email: guessing one person's password is slow, and other people still get in. */
export const SIGN_IN_RATE_LIMIT = {
  max: LOGIN_ATTEMPTS_PER_MINUTE,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest) =>
    `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
  // Said plainly: someone who then types the right password must not think it wrong.
  errorResponseBuilder: (_request: FastifyRequest, { ttl }: { ttl: number }) =>
    new Problem(429, `too many attempts: sign-in is locked for ${Math.ceil(ttl / 1000)} s, even with the right password`),
};

let dummyHash: Promise<string> | undefined;

/** Checks a person's password and opens a 12-hour session: 401 for a wrong email or password, 403 below `role` (if given). */
export async function startSession(
  prisma: PrismaClient,
  email: string,
  password: string,
  role?: Role,
): Promise<{ secret: string; expiresAt: Date; user: User }> {
  const candidates = await prisma.user.findMany({ where: { email, active: true, passwordHash: { not: null } } });
  let user: User | undefined;
  for (const candidate of candidates) {
    if (await verifyPassword(password, candidate.passwordHash!)) user = candidate;
  }
  if (candidates.length === 0) {
    // As slow as a wrong password, so the answer's timing does not tell who has an account.
    dummyHash ??= hashPassword('not a password of anyone');
    await verifyPassword(password, await dummyHash);
  }
  if (!user) throw new Problem(401, 'wrong email or password');
  if (role && !hasRole(user, role)) throw new Problem(403, `this needs the ${role.toLowerCase()} role or above`);
  const { secret, secretHash } = newSecret('SESSION');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * HOUR);
  await prisma.accessToken.create({
    data: { organisationId: user.organisationId, userId: user.id, kind: 'SESSION', secretHash, expiresAt },
  });
  return { secret, expiresAt, user };
}
