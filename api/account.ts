/**
 * Signing in and the caller's own credentials: login sessions for people (scrypt passwords,
 * rate-limited), API tokens for other systems (shown once, stored hashed, expiring, revocable),
 * the personal calendar feed's secret URL, and the field-visit check-in and duress PINs (scrypt,
 * like passwords: 4 to 8 digits are few, the slow hash is what keeps a leaked table from them).
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parsePins } from '../domain/field-visits';
import type { Prisma, PrismaClient, User } from '../generated/prisma/client';
import { callerOf, hasRole, newSecret, type Role } from './auth';
import type { ApiDependencies, App } from './context';
import { hashPassword, verifyPassword } from '../services/passwords';
import { notFound, Problem } from './problems';
import { email, id, problem, problemResponses, singleLine } from './schemas';

const SESSION_HOURS = 12;
const LOGIN_ATTEMPTS_PER_MINUTE = 5;
const HOUR = 3_600_000;

export const password = z
  .string()
  .min(12, { error: 'must be at least 12 characters' })
  .max(200, { error: 'must be at most 200 characters' });

export const userView = z.object({
  id: z.string(),
  organisationId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['ADMIN', 'COORDINATOR', 'CASEWORKER', 'NATIONAL_OFFICE']),
  active: z.boolean(),
  createdAt: z.date(),
});

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

export function presentUser({ id, organisationId, email, displayName, role, active, createdAt }: User): z.infer<typeof userView> {
  return { id, organisationId, email, displayName, role, active, createdAt };
}

const apiToken = z.object({
  id: z.string(),
  name: z.string().nullable(),
  userId: z.string(),
  expiresAt: z.date(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

/** Where people reach the API, for links it hands out. */
function publicBase(request: FastifyRequest, deps: ApiDependencies): string {
  return (deps.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

let dummyHash: Promise<string> | undefined;

/** Checks a person's password and opens a 12-hour session: 401 for a wrong email or password, 403 below `role`. */
export async function startSession(
  prisma: PrismaClient,
  email: string,
  password: string,
  role: Role = 'CASEWORKER',
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
  if (!hasRole(user, role)) throw new Problem(403, `this needs the ${role.toLowerCase()} role or above`);
  const { secret, secretHash } = newSecret('SESSION');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * HOUR);
  await prisma.accessToken.create({
    data: { organisationId: user.organisationId, userId: user.id, kind: 'SESSION', secretHash, expiresAt },
  });
  return { secret, expiresAt, user };
}

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

export function accountRoutes(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;

  app.post(
    '/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: SIGN_IN_RATE_LIMIT,
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; answers a session token valid for 12 hours',
        body: z.strictObject({ email, password: z.string().min(1).max(200) }),
        response: {
          200: z.object({ token: z.string(), expiresAt: z.date(), user: userView }),
          401: problem,
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { secret, expiresAt, user } = await startSession(prisma, request.body.email, request.body.password);
      return { token: secret, expiresAt, user: presentUser(user) };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'CASEWORKER' },
      schema: { tags: ['auth'], summary: 'Ends the current session', response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.via === 'session')
        await prisma.accessToken.update({ where: { id: caller.credentialId }, data: { revokedAt: new Date() } });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { access: 'CASEWORKER' },
      schema: { tags: ['auth'], summary: 'Who you are signed in as', response: { 200: userView, ...problemResponses } },
    },
    async (request) => presentUser(await prisma.user.findUniqueOrThrow({ where: { id: callerOf(request).userId } })),
  );

  app.put(
    '/me/password',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['auth'],
        summary: 'Changes your password; every other session of yours ends',
        description:
          'The session that sends this stays signed in; every other session of yours ends. `revokeTokens` (required) says ' +
          'whether your API tokens and calendar feed end too: say true after a suspected compromise (integrations using ' +
          'them then need new ones), false for a routine change.',
        body: z.strictObject({
          currentPassword: z.string().max(200),
          newPassword: password,
          revokeTokens: z.boolean().describe('Also revoke your API tokens and calendar feed'),
        }),
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const user = await prisma.user.findUniqueOrThrow({ where: { id: caller.userId } });
      if (!user.passwordHash || !(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
        throw new Problem(400, 'is not your current password', 'currentPassword');
      }
      await prisma.$transaction([
        prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(request.body.newPassword) } }),
        ...endCredentials(prisma, user.id, {
          keep: caller.via === 'session' ? caller.credentialId : undefined,
          tokensAndFeed: request.body.revokeTokens,
        }),
      ]);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/me/check-in-pins',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['field visits'],
        summary:
          'Sets your field-visit PINs: the check-in PIN, and the duress PIN, which checks in just the same yet silently alerts your safety contacts',
        body: z.strictObject({
          currentPassword: z.string().max(200),
          checkInPin: z.string().max(20).describe('4 to 8 digits'),
          duressPin: z.string().max(20).describe('4 to 8 digits, not the check-in PIN'),
        }),
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { checkInPin, duressPin } = parsePins(request.body);
      const user = await prisma.user.findUniqueOrThrow({ where: { id: callerOf(request).userId } });
      if (!user.passwordHash || !(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
        throw new Problem(400, 'is not your current password', 'currentPassword');
      }
      const [checkInPinHash, duressPinHash] = await Promise.all([hashPassword(checkInPin), hashPassword(duressPin)]);
      await prisma.user.update({ where: { id: user.id }, data: { checkInPinHash, duressPinHash } });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/tokens',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['auth'],
        summary: "API tokens: your own; an admin sees the organisation's",
        response: { 200: z.object({ tokens: z.array(apiToken) }), ...problemResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const tokens = await prisma.accessToken.findMany({
        where: { organisationId: caller.organisationId, kind: 'API', ...(hasRole(caller, 'ADMIN') ? {} : { userId: caller.userId }) },
        orderBy: { createdAt: 'desc' },
        select: { id: true, name: true, userId: true, expiresAt: true, revokedAt: true, createdAt: true },
      });
      return { tokens };
    },
  );

  app.post(
    '/tokens',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['auth'],
        summary: 'Creates an API token acting as you (or, for an admin, as another user); the token is shown only in this answer',
        body: z.strictObject({
          name: singleLine(100).describe('What the token is for, e.g. "court calendar import"'),
          expiresInDays: z.number().int().min(1).max(365).default(90),
          userId: id.optional().describe('The user the token acts as (admins only); default: you'),
        }),
        response: { 201: apiToken.extend({ token: z.string() }), 403: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const userId = request.body.userId ?? caller.userId;
      if (userId !== caller.userId && !hasRole(caller, 'ADMIN')) throw new Problem(403, 'only an admin creates tokens for other users');
      const user = await prisma.user.findFirst({ where: { id: userId, organisationId: caller.organisationId, active: true } });
      if (!user) throw new Problem(400, 'no active user with this id in your organisation', 'userId');
      const { secret, secretHash } = newSecret('API');
      const token = await prisma.accessToken.create({
        data: {
          organisationId: caller.organisationId,
          userId,
          kind: 'API',
          name: request.body.name,
          secretHash,
          expiresAt: new Date(Date.now() + request.body.expiresInDays * 24 * HOUR),
        },
      });
      const { id: tokenId, name, expiresAt, revokedAt, createdAt } = token;
      return reply.code(201).send({ id: tokenId, name, userId, expiresAt, revokedAt, createdAt, token: secret });
    },
  );

  app.delete(
    '/tokens/:tokenId',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['auth'],
        summary: 'Revokes an API token (yours; an admin: any of the organisation)',
        params: z.strictObject({ tokenId: id }),
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { count } = await prisma.accessToken.updateMany({
        where: {
          id: request.params.tokenId,
          kind: 'API',
          organisationId: caller.organisationId,
          ...(hasRole(caller, 'ADMIN') ? {} : { userId: caller.userId }),
        },
        data: { revokedAt: new Date() },
      });
      if (count === 0) throw notFound('token');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/calendar-feed',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['calendar'],
        summary: 'Creates your calendar feed URL (shown only in this answer); earlier feed URLs stop working',
        response: { 201: z.object({ url: z.string() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { secret, secretHash } = newSecret('FEED');
      await prisma.$transaction([
        prisma.calendarFeed.updateMany({ where: { userId: caller.userId, revokedAt: null }, data: { revokedAt: new Date() } }),
        prisma.calendarFeed.create({ data: { organisationId: caller.organisationId, userId: caller.userId, secretHash } }),
      ]);
      return reply.code(201).send({ url: `${publicBase(request, deps)}/calendar/${secret}.ics` });
    },
  );

  app.delete(
    '/me/calendar-feed',
    {
      config: { access: 'CASEWORKER' },
      schema: { tags: ['calendar'], summary: 'Revokes your calendar feed URL', response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await prisma.calendarFeed.updateMany({
        where: { userId: callerOf(request).userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      return reply.code(204).send(null);
    },
  );
}
