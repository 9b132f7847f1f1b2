/**
 * The personal calendar feed: the reassessments due over the next 14 days (the series projected
 * if each is done when due, domain/schedule-projection.ts) and the hearings of the caller's cases
 * (a caseworker's assigned cases, a coordinator's or admin's coordinated ones), named by case
 * code only. Calendar apps cannot sign in, so the URL's unguessable secret is the credential
 * (POST /me/calendar-feed creates it, DELETE revokes it); every read is audited.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { toFacts } from '../domain/case-events';
import { projectSchedule } from '../domain/schedule-projection';
import { callerOf, newSecret } from './auth';
import { HEARING_EVENT_KINDS, hearingsByCase } from './case-history';
import type { ApiDependencies, App } from './context';
import { calendar, type CalendarEvent } from './icalendar';
import { organisationPolicy } from '../services/organisation-policy';
import { problemResponses } from './schemas';
import { caseRecords } from '../services/case-workflows';

const DAY = 86_400_000;
/** Past hearings stay in the feed this long, so the week's calendar still shows them. */
const HEARINGS_KEPT_DAYS = 30;
/** How far ahead the feed projects reassessments. */
const REASSESSMENT_DAYS = 14;
const UID_DOMAIN = 'vigil.invalid';

export function calendarRoutes(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;
  app.get(
    '/calendar/:secret.ics',
    {
      config: { access: 'calendar-feed' },
      schema: {
        tags: ['calendar'],
        summary: 'Your calendar feed (iCalendar): reassessments due and hearings of your cases, by case code',
        params: z.strictObject({ secret: z.string().max(100) }),
        response: { 200: { description: 'An iCalendar document', content: { 'text/calendar': { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const now = new Date();
      const mine = caller.role === 'CASEWORKER' ? { caseworkerId: caller.userId } : { coordinatorId: caller.userId };
      const cases = await prisma.case.findMany({
        where: { organisationId: caller.organisationId, closedAt: null, erasedAt: null, ...mine },
      });
      const entries = await prisma.caseTimelineEntry.findMany({
        where: { caseId: { in: cases.map((c) => c.id) }, kind: { in: HEARING_EVENT_KINDS } },
      });
      const hearings = hearingsByCase(entries);
      const [records, { policy }] = await Promise.all([caseRecords(deps, cases), organisationPolicy(prisma, caller.organisationId)]);
      const until = now.getTime() + REASSESSMENT_DAYS * DAY;
      const events: CalendarEvent[] = cases.flatMap((c) => [
        // The next one keeps its id as it moves; the ones after it are numbered.
        ...(records.has(c.id) ? projectSchedule(toFacts(records.get(c.id)!), now.getTime(), until, policy) : []).map((d, k) => ({
          uid: `reassessment-${c.id}${k === 0 ? '' : `-${k}`}@${UID_DOMAIN}`,
          start: new Date(d.dueAt),
          durationMinutes: 30,
          summary: `Reassessment due: ${c.caseCode}`,
          description: `Rule: ${d.rule}${k === 0 ? '' : ' (projected: if the one before is done when due)'}`,
        })),
        ...(hearings.get(c.id) ?? [])
          .filter((h) => h.status === 'SCHEDULED' && Date.parse(h.at) >= now.getTime() - HEARINGS_KEPT_DAYS * DAY)
          .map((h) => ({
            uid: `hearing-${c.id}-${h.id}@${UID_DOMAIN}`,
            start: new Date(h.at),
            durationMinutes: 120,
            summary: `Hearing (${h.kind.toLowerCase()}): ${c.caseCode}`,
            description: 'Pre-hearing safety assessment due 24 hours before.',
          })),
      ]);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(calendar('Vigil', events, now));
    },
  );
}

/** Where people reach the API, for links it hands out. */
function publicBase(request: FastifyRequest, deps: ApiDependencies): string {
  return (deps.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

/** The caller's feed URL: created (earlier ones stop working) and revoked. */
export function calendarFeedRoutes(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;
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
