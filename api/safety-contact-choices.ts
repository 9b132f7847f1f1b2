/**
 * Whom a staff member may name as the safety contacts of their field visit (POST /field-visits
 * `safetyContactIds`): the organisation's contacts by name only, never their own card, and the
 * one alerted by default (the duty coordinator). Caseworkers may not read GET /contacts (phones
 * and addresses), yet must be able to choose who is alerted when they are in danger.
 */
import { z } from 'zod';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { problemResponses } from './schemas';

const choicesView = z.object({
  contacts: z.array(z.object({ id: z.string(), displayName: z.string() })).describe('By name, without your own contact cards'),
  defaultContactId: z
    .string()
    .nullable()
    .describe('Alerted when the visit names no safety contacts: the duty coordinator; null when there is none (or it is you)'),
});

export function safetyContactChoiceRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/field-visits/safety-contacts',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['field visits'],
        summary: 'The contacts you may name as safety contacts of your field visit, and the default one',
        response: { 200: choicesView, ...problemResponses },
      },
    },
    async (request) => {
      const { organisationId, userId } = callerOf(request);
      const [contacts, organisation] = await Promise.all([
        prisma.contact.findMany({
          where: { organisationId, OR: [{ userId: null }, { userId: { not: userId } }] },
          select: { id: true, displayName: true },
          orderBy: { displayName: 'asc' },
        }),
        prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { dutyCoordinatorContactId: true } }),
      ]);
      const duty = organisation.dutyCoordinatorContactId;
      return { contacts, defaultContactId: contacts.some((c) => c.id === duty) ? duty : null };
    },
  );
}
