/**
 * The coordinator's view of the organisation: what is overdue, the hearings of the next two
 * weeks, releases announced or happened in the last 30 days, alerts nobody has acknowledged,
 * and how many cases (and overdue ones) each caseworker carries.
 */
import { z } from 'zod';
import type { CaseEvent } from '../domain/case-events';
import type { PrismaClient } from '../generated/prisma/client';
import { lastPaged } from '../services/alert-detail';
import { alertPerson } from './alert-detail-view';
import { alertView, listAlerts, type AlertView } from './alert-views';
import { callerOf, visibleCases, type Caller } from './auth';
import { HEARING_EVENT_KINDS, hearingsByCase } from './case-history';
import type { ApiDependencies, App } from './context';
import { problemResponses } from './schemas';
import { isOverdue } from './views';

const DAY = 86_400_000;
const HEARINGS_AHEAD_DAYS = 14;
const RELEASES_BEHIND_DAYS = 30;

const dashboard = z.object({
  overdueReassessments: z.array(
    z.object({ caseId: z.string(), caseCode: z.string(), caseworkerId: z.string(), riskLevel: z.string(), dueAt: z.date() }),
  ),
  upcomingHearings: z.array(
    z.object({ caseId: z.string(), caseCode: z.string(), hearingId: z.string(), kind: z.string(), at: z.string() }),
  ),
  releases: z.array(
    z.object({ caseId: z.string(), caseCode: z.string(), status: z.string(), at: z.string(), releaseDate: z.string().nullable() }),
  ),
  unacknowledgedAlerts: z.array(
    alertView.extend({
      openSeconds: z.number().describe('How long it has been open'),
      lastPaged: z
        .object({ contact: alertPerson, channel: z.enum(['sms', 'email']), at: z.string() })
        .nullable()
        .describe('Who was paged last, on which channel, when; null before the first message'),
    }),
  ),
  caseload: z.array(z.object({ caseworkerId: z.string(), displayName: z.string(), openCases: z.number(), overdue: z.number() })),
});

export function dashboardRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/dashboard',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['dashboard'],
        summary: "The coordinator's overview of the organisation",
        response: { 200: dashboard, ...problemResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const now = Date.now();
      const releasesSince = new Date(now - RELEASES_BEHIND_DAYS * DAY);
      const [open, hearingEntries, perpetratorEntries, alerts, people] = await readDashboard(prisma, caller, releasesSince);
      const codeOf = new Map(open.map((c) => [c.id, c.caseCode]));

      const upcomingHearings = [...hearingsByCase(hearingEntries)]
        .flatMap(([caseId, hearings]) =>
          hearings
            .filter((h) => h.status === 'SCHEDULED' && Date.parse(h.at) >= now && Date.parse(h.at) <= now + HEARINGS_AHEAD_DAYS * DAY)
            .map((h) => ({ caseId, caseCode: codeOf.get(caseId)!, hearingId: h.id, kind: h.kind, at: h.at })),
        )
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

      const releases = perpetratorEntries
        .map((entry) => ({ entry, event: entry.detail as Extract<CaseEvent, { type: 'perpetrator.status' }> }))
        .filter(({ event }) => {
          const recent = (iso: string | undefined) => iso !== undefined && Date.parse(iso) >= releasesSince.getTime();
          if (event.status === 'RELEASE_ANNOUNCED') return recent(event.at) || recent(event.releaseDate);
          return (event.status === 'RELEASED' || event.status === 'ESCAPED') && recent(event.at);
        })
        .map(({ entry, event }) => ({
          caseId: entry.caseId,
          caseCode: entry.case.caseCode,
          status: event.status,
          at: event.at,
          releaseDate: event.releaseDate ?? null,
        }));

      const nameOf = new Map(people.map((p) => [p.id, p.displayName]));
      const load = new Map<string, { openCases: number; overdue: number }>();
      for (const c of open) {
        const counts = load.get(c.caseworkerId) ?? { openCases: 0, overdue: 0 };
        counts.openCases++;
        if (isOverdue(c, now)) counts.overdue++;
        load.set(c.caseworkerId, counts);
      }

      return {
        overdueReassessments: open
          .filter((c) => isOverdue(c, now))
          .map((c) => ({ caseId: c.id, caseCode: c.caseCode, caseworkerId: c.caseworkerId, riskLevel: c.riskLevel, dueAt: c.nextDueAt! })),
        upcomingHearings,
        releases,
        unacknowledgedAlerts: await withLastPaged(prisma, caller.organisationId, alerts, now),
        caseload: [...load]
          .map(([caseworkerId, counts]) => ({ caseworkerId, displayName: nameOf.get(caseworkerId) ?? '', ...counts }))
          .sort((a, b) => b.overdue - a.overdue || b.openCases - a.openCases),
      };
    },
  );
}

/** What the overview is made of, read at once. */
function readDashboard(prisma: PrismaClient, caller: Caller, releasesSince: Date) {
  const orgCases = visibleCases(caller);
  return Promise.all([
    // Only what the overview shows: a whole row would decrypt every case's encrypted fields.
    prisma.case.findMany({
      where: { ...orgCases, closedAt: null },
      select: { id: true, caseCode: true, caseworkerId: true, riskLevel: true, nextDueAt: true, closedAt: true },
      orderBy: { nextDueAt: 'asc' },
    }),
    prisma.caseTimelineEntry.findMany({ where: { kind: { in: HEARING_EVENT_KINDS }, case: { ...orgCases, closedAt: null } } }),
    // An announcement made earlier may name a release date inside the window: all are read, then filtered.
    prisma.caseTimelineEntry.findMany({
      where: { kind: 'perpetrator.status', case: orgCases },
      include: { case: { select: { caseCode: true } } },
      orderBy: { at: 'desc' },
    }),
    openAlerts(prisma, caller, releasesSince),
    prisma.user.findMany({ where: { organisationId: caller.organisationId }, select: { id: true, displayName: true } }),
  ]);
}

/** Alerts of cases and field visits nobody acknowledged, but the caller's own visit's: a duress must stay silent to its visitor. */
function openAlerts(prisma: PrismaClient, caller: Caller, since: Date) {
  const visits = { organisationId: caller.organisationId, userId: { not: caller.userId } };
  return listAlerts(prisma, visibleCases(caller), { since, states: ['ALERTING', 'UNACKNOWLEDGED'], visits });
}

/** Each open alert with how long it has been open and who it paged last. */
async function withLastPaged(prisma: PrismaClient, organisationId: string, alerts: AlertView[], now: number) {
  const paged = await lastPaged(
    prisma,
    organisationId,
    alerts.map((a) => a.alertId),
  );
  return alerts.map((a) => ({
    ...a,
    openSeconds: Math.max(0, Math.round((now - a.raisedAt.getTime()) / 1000)),
    lastPaged: paged.get(a.alertId) ?? null,
  }));
}
