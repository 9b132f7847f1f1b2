/**
 * API tokens for other systems: shown once, stored hashed, expiring, revocable. A caller manages
 * their own; an admin those of the organisation.
 */
import { z } from 'zod';
import { callerOf, hasRole, newSecret } from './auth';
import type { ApiDependencies, App } from './context';
import { notFound, Problem } from './problems';
import { id, problem, problemResponses, singleLine } from './schemas';

const HOUR = 3_600_000;

const apiToken = z.object({
  id: z.string(),
  name: z.string().nullable(),
  userId: z.string(),
  expiresAt: z.date(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

export function apiTokenRoutes(app: App, deps: ApiDependencies): void {
  listTokensRoute(app, deps);
  createTokenRoute(app, deps);
  revokeTokenRoute(app, deps);
}

function listTokensRoute(app: App, { prisma }: ApiDependencies): void {
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
}

function createTokenRoute(app: App, { prisma }: ApiDependencies): void {
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
}

function revokeTokenRoute(app: App, { prisma }: ApiDependencies): void {
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
}
