/**
 * The organisation's users: admins manage them, coordinators read them (to assign cases).
 * Users are deactivated, never deleted: cases and the audit log name them.
 */
import { z } from 'zod';
import type { PrismaClient, User } from '../generated/prisma/client';
import { endCredentials } from '../services/credentials';
import { presentUser, userView } from './views';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { generatePassword, hashPassword } from '../services/passwords';
import { notFound, Problem } from './problems';
import { isUniqueViolation } from '../platform/database';
import { email, id, password, problem, problemResponses, role, singleLine } from './schemas';

const displayName = singleLine(100);
const userParams = z.strictObject({ userId: id });

async function findUser(prisma: PrismaClient, organisationId: string, userId: string): Promise<User> {
  return (await prisma.user.findFirst({ where: { id: userId, organisationId } })) ?? Promise.reject(notFound('user'));
}

export function userRoutes(app: App, deps: ApiDependencies): void {
  userListRoutes(app, deps);
  oneUserRoutes(app, deps);
}

/** The organisation's users, and adding one. */
function userListRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/users',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['users'],
        summary: "The organisation's users",
        querystring: z.strictObject({ role: role.optional(), active: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ users: z.array(userView) }), ...problemResponses },
      },
    },
    async (request) => {
      const { role: wanted, active } = request.query;
      const users = await prisma.user.findMany({
        where: {
          organisationId: callerOf(request).organisationId,
          role: wanted,
          active: active === undefined ? undefined : active === 'true',
        },
        orderBy: { email: 'asc' },
      });
      return { users: users.map(presentUser) };
    },
  );

  app.post(
    '/users',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['users'],
        summary: 'Creates a user; without a password one is generated and shown only in this answer',
        body: z.strictObject({ email, displayName, role, password: password.optional() }),
        response: { 201: z.object({ user: userView, initialPassword: z.string().optional() }), 409: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const generated = request.body.password === undefined ? generatePassword() : undefined;
      try {
        const user = await prisma.user.create({
          data: {
            organisationId: callerOf(request).organisationId,
            email: request.body.email,
            displayName: request.body.displayName,
            role: request.body.role,
            passwordHash: await hashPassword(request.body.password ?? generated!),
          },
        });
        return reply.code(201).send({ user: presentUser(user), ...(generated ? { initialPassword: generated } : {}) });
      } catch (error) {
        if (isUniqueViolation(error)) throw new Problem(409, 'a user with this email already exists in your organisation', 'email');
        throw error;
      }
    },
  );
}

/** One user: read, and changed by an admin (role, deactivation, password reset). */
function oneUserRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/users/:userId',
    {
      config: { access: 'COORDINATOR' },
      schema: { tags: ['users'], summary: 'One user', params: userParams, response: { 200: userView, ...problemResponses } },
    },
    async (request) => presentUser(await findUser(prisma, callerOf(request).organisationId, request.params.userId)),
  );

  app.patch(
    '/users/:userId',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['users'],
        summary: "Changes a user's name, role, password or whether they may sign in",
        description:
          "A new password (another user's: yours changes with PUT /me/password, which asks for the current one) ends all " +
          'their sessions and revokes their API tokens and calendar feed; so does deactivating them.',
        params: userParams,
        body: z.strictObject({
          displayName: displayName.optional(),
          role: role.optional(),
          active: z.boolean().optional(),
          password: password.optional(),
        }),
        response: { 200: userView, ...problemResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const user = await findUser(prisma, caller.organisationId, request.params.userId);
      const { displayName: newName, role: newRole, active, password: newPassword } = request.body;
      // An organisation must keep an admin who can sign in: no admin locks themselves out.
      if (user.id === caller.userId && newRole !== undefined && newRole !== 'ADMIN')
        throw new Problem(400, 'you cannot change your own role', 'role');
      if (user.id === caller.userId && active === false) throw new Problem(400, 'you cannot deactivate yourself', 'active');
      // Whoever holds an admin's session must not take the account over without knowing its password.
      if (user.id === caller.userId && newPassword !== undefined)
        throw new Problem(400, 'change your own password with PUT /me/password, which asks for the current one', 'password');
      const [updated] = await prisma.$transaction([
        prisma.user.update({
          where: { id: user.id },
          data: { displayName: newName, role: newRole, active, passwordHash: newPassword ? await hashPassword(newPassword) : undefined },
        }),
        // A reset or a deactivation answers a compromise: nothing signed in as them survives it.
        ...(active === false || newPassword !== undefined ? endCredentials(prisma, user.id, { tokensAndFeed: true }) : []),
      ]);
      return presentUser(updated);
    },
  );
}
