/**
 * The organisation's escalation chain for urgent alerts: levels in order, each with its contacts
 * and how long to wait for an acknowledgement. Admins replace it, coordinators read it.
 */
import { z } from 'zod';
import { DEFAULT_CHAIN_REPEATS, DEFAULT_LEVEL_TIMEOUT_SECONDS } from '../domain/defaults';
import type { PrismaClient } from '../generated/prisma/client';
import { peopleNamed } from '../services/alert-detail';
import { foreignContactIds } from '../services/contacts';
import { alertPerson } from './alert-detail-view';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { Problem } from './problems';
import { id, problemResponses } from './schemas';

const chainView = z.object({
  repeatCount: z.number(),
  levels: z.array(
    z.object({
      position: z.number(),
      timeoutSeconds: z.number(),
      contactIds: z.array(z.string()),
      contacts: z.array(alertPerson).describe('The same contacts, in the same order, with their names and roles'),
    }),
  ),
});

/** The chain as answered: each level's contacts named (a contact linked to a user has the user's role). */
async function presentChain(
  prisma: PrismaClient,
  organisationId: string,
  repeatCount: number,
  levels: { position: number; timeoutSeconds: number; contactIds: string[] }[],
) {
  const people = await peopleNamed(
    prisma,
    organisationId,
    levels.flatMap((l) => l.contactIds),
  );
  return {
    repeatCount,
    levels: levels.map((l) => ({ ...l, contacts: l.contactIds.map((id) => people.get(id) ?? { id, name: null, role: null }) })),
  };
}

export function escalationChainRoutes(app: App, deps: ApiDependencies): void {
  readChainRoute(app, deps);
  replaceChainRoute(app, deps);
}

function readChainRoute(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/escalation-chain',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['contacts'],
        summary: "The organisation's escalation chain for urgent alerts",
        response: { 200: chainView, ...problemResponses },
      },
    },
    async (request) => {
      const chain = await prisma.escalationChain.findUnique({
        where: { organisationId: callerOf(request).organisationId },
        include: { levels: { orderBy: { position: 'asc' }, include: { contacts: true } } },
      });
      return presentChain(
        prisma,
        callerOf(request).organisationId,
        chain?.repeatCount ?? DEFAULT_CHAIN_REPEATS,
        (chain?.levels ?? []).map((l) => ({
          position: l.position,
          timeoutSeconds: l.timeoutSeconds,
          contactIds: l.contacts.map((c) => c.contactId),
        })),
      );
    },
  );
}

function replaceChainRoute(app: App, { prisma }: ApiDependencies): void {
  app.put(
    '/escalation-chain',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['contacts'],
        summary: 'Replaces the escalation chain: levels in order, each with its contacts and how long to wait for an acknowledgement',
        body: z.strictObject({
          repeatCount: z
            .number()
            .int()
            .min(0)
            .max(10)
            .default(DEFAULT_CHAIN_REPEATS)
            .describe('Times the whole chain is walked again when nobody acknowledges'),
          levels: z
            .array(
              z.strictObject({
                timeoutSeconds: z.number().int().min(60).max(3600).default(DEFAULT_LEVEL_TIMEOUT_SECONDS),
                contactIds: z.array(id).min(1).max(20),
              }),
            )
            .min(1)
            .max(10),
        }),
        response: { 200: chainView, ...problemResponses },
      },
    },
    async (request) => {
      const organisationId = callerOf(request).organisationId;
      const { repeatCount, levels } = request.body;
      for (const [i, level] of levels.entries()) {
        const foreign = await foreignContactIds(prisma, organisationId, level.contactIds);
        if (foreign.length)
          throw new Problem(
            400,
            'no contact with this id in your organisation',
            `levels[${i}].contactIds[${level.contactIds.indexOf(foreign[0])}]`,
          );
      }
      await prisma.$transaction(async (tx) => {
        const chain = await tx.escalationChain.upsert({
          where: { organisationId },
          create: { organisationId, repeatCount },
          update: { repeatCount },
        });
        await tx.escalationLevel.deleteMany({ where: { chainId: chain.id } });
        for (const [i, level] of levels.entries()) {
          await tx.escalationLevel.create({
            data: {
              chainId: chain.id,
              position: i + 1,
              timeoutSeconds: level.timeoutSeconds,
              contacts: { create: [...new Set(level.contactIds)].map((contactId) => ({ contactId })) },
            },
          });
        }
      });
      return presentChain(
        prisma,
        organisationId,
        repeatCount,
        levels.map((l, i) => ({ position: i + 1, timeoutSeconds: l.timeoutSeconds, contactIds: [...new Set(l.contactIds)] })),
      );
    },
  );
}
