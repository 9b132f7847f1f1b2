/**
 * The web app's sign-in: the same password check, rate limit and 12-hour session as
 * POST /auth/login, kept in an HttpOnly, SameSite=Strict cookie, so the page's scripts never see
 * the token. POST /auth/logout ends it and clears the cookie. Requests the app makes with the
 * cookie that change something carry the APP_REQUEST_HEADER (api/auth.ts says why).
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { APP_SESSION_COOKIE } from './auth';
import type { ApiDependencies, App } from './context';
import { email, problem, problemResponses } from './schemas';
import { SIGN_IN_RATE_LIMIT, startSession } from './sign-in';
import { presentUser, userView } from './views';

/** The Set-Cookie value holding `secret` for `seconds` (0: removes the cookie). */
export function appSessionCookie(request: FastifyRequest, secret: string, seconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${APP_SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${seconds}${secure}`;
}

export function webSessionRoutes(app: App, { prisma }: ApiDependencies): void {
  app.post(
    '/auth/session',
    {
      config: { access: 'public', rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Signs in from the web app: the 12-hour session goes into an HttpOnly cookie, never into the answer',
        body: z.strictObject({ email, password: z.string().min(1).max(200) }),
        response: { 200: z.object({ expiresAt: z.date(), user: userView }), 401: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { secret, expiresAt, user } = await startSession(prisma, request.body.email, request.body.password);
      reply.header('set-cookie', appSessionCookie(request, secret, Math.floor((expiresAt.getTime() - Date.now()) / 1000)));
      return { expiresAt, user: presentUser(user) };
    },
  );
}
