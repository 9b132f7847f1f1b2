/**
 * The caller's own account: login sessions for people (scrypt passwords, rate-limited), the
 * password, and the field-visit check-in and duress PINs (scrypt, like passwords: 4 to 8 digits
 * are few, the slow hash is what keeps a leaked table from them). API tokens are in
 * api-tokens.ts, the calendar feed's URL in calendar.ts, the sign-in check in sign-in.ts.
 */
import { z } from 'zod';
import { parsePins } from '../domain/field-visits';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { hashPassword, verifyPassword } from '../services/passwords';
import { Problem } from './problems';
import { SIGN_IN_RATE_LIMIT, startSession } from './sign-in';
import { email, password, problem, problemResponses } from './schemas';
import { presentUser, userView } from './views';
import { appSessionCookie } from './web-session';
import { endCredentials } from '../services/credentials';

export function accountRoutes(app: App, deps: ApiDependencies): void {
  sessionRoutes(app, deps);
  credentialRoutes(app, deps);
}

/** Signing in and out, and who is signed in. */
function sessionRoutes(app: App, { prisma }: ApiDependencies): void {
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
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Ends the current session', response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.via === 'session')
        await prisma.accessToken.update({ where: { id: caller.credentialId }, data: { revokedAt: new Date() } });
      // The web app's cookie, if it came by one, goes with the session.
      return reply
        .code(204)
        .header('set-cookie', appSessionCookie(request, '', 0))
        .send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Who you are signed in as', response: { 200: userView, ...problemResponses } },
    },
    async (request) => presentUser(await prisma.user.findUniqueOrThrow({ where: { id: callerOf(request).userId } })),
  );
}

/** The caller's own password and field-visit PINs, each change confirmed with the current password. */
function credentialRoutes(app: App, { prisma }: ApiDependencies): void {
  app.put(
    '/me/password',
    {
      config: { access: 'signed-in' },
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
}
