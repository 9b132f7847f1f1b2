/**
 * The coordinator's look ahead: the hearings and announced release dates of the open cases in
 * the next 14 days, each with whether the victim was assessed for it. Prepared means assessed
 * since the window the policy opens before the event (a hearing: 3 days before, the pre-hearing
 * rule; a release: 7 days before, the release-announced rule); those windows are the same in
 * every organisation (domain/policy-rules.ts).
 */
import { z } from 'zod';
import type { CaseEvent } from '../domain/case-events';
import { DEFAULT_POLICY } from '../domain/policy-rules';
import { visibleCases, callerOf } from './auth';
import { HEARING_EVENT_KINDS, hearingsByCase, inTimelineOrder } from './case-history';
import type { ApiDependencies, App } from './context';
import { problemResponses } from './schemas';

const DAY = 86_400_000;
const AHEAD_DAYS = 14;
const { 'pre-hearing': preHearing, 'release-announced': releaseAnnounced } = DEFAULT_POLICY.windows;

const aheadView = z.object({
  ahead: z.array(
    z.object({
      kind: z.enum(['hearing', 'release']),
      caseId: z.string(),
      caseCode: z.string(),
      caseworkerId: z.string(),
      at: z.string().describe('When the hearing is, or the announced release date'),
      hearingKind: z.string().nullable().describe('For a hearing: MAIN, PRELIMINARY, ...'),
      prepared: z.boolean().describe('The victim was assessed since the window the policy opens before it'),
      assessedAt: z.string().nullable().describe("The case's latest assessment"),
      assessFrom: z.string().describe('From when an assessment counts for it'),
    }),
  ),
});

type Open = { id: string; caseCode: string; caseworkerId: string };
type Event = { kind: 'hearing' | 'release'; caseId: string; at: string; hearingKind: string | null };

export function dashboardAheadRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/dashboard/ahead',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['dashboard'],
        summary: 'Hearings and release dates of the next 14 days, each with whether the victim was assessed for it',
        response: { 200: aheadView, ...problemResponses },
      },
    },
    async (request) => {
      const now = Date.now();
      const inView = (iso: string) => Date.parse(iso) >= now && Date.parse(iso) <= now + AHEAD_DAYS * DAY;
      const openCases = { ...visibleCases(callerOf(request)), closedAt: null };
      const entries = await prisma.caseTimelineEntry.findMany({
        where: { kind: { in: [...HEARING_EVENT_KINDS, 'perpetrator.status'] }, case: openCases },
      });
      const events = [...hearingEvents(entries), ...releaseEvents(entries)].filter((e) => inView(e.at));
      const caseIds = [...new Set(events.map((e) => e.caseId))];
      const [cases, assessed] = await Promise.all([
        prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, caseCode: true, caseworkerId: true } }),
        prisma.caseTimelineEntry.groupBy({
          by: ['caseId'],
          where: { caseId: { in: caseIds }, kind: 'assessment.completed' },
          _max: { at: true },
        }),
      ]);
      const caseOf = new Map<string, Open>(cases.map((c) => [c.id, c]));
      const lastOf = new Map(assessed.map((a) => [a.caseId, a._max.at]));
      return {
        ahead: events
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
          .map((event) => {
            const { caseCode, caseworkerId } = caseOf.get(event.caseId)!;
            const from = Date.parse(event.at) + (event.kind === 'hearing' ? preHearing.assessedAfterMs : releaseAnnounced.fromMs);
            const last = lastOf.get(event.caseId) ?? null;
            return {
              ...event,
              caseCode,
              caseworkerId,
              prepared: last !== null && last.getTime() >= from,
              assessedAt: last?.toISOString() ?? null,
              assessFrom: new Date(from).toISOString(),
            };
          }),
      };
    },
  );
}

type Entry = Parameters<typeof hearingsByCase>[0][number];

function hearingEvents(entries: Entry[]): Event[] {
  const hearings = hearingsByCase(entries.filter((e) => e.kind !== 'perpetrator.status'));
  return [...hearings].flatMap(([caseId, list]) =>
    list.filter((h) => h.status === 'SCHEDULED').map((h) => ({ kind: 'hearing' as const, caseId, at: h.at, hearingKind: h.kind })),
  );
}

/** A release ahead: the case's latest perpetrator status is an announcement with its date. */
function releaseEvents(entries: Entry[]): Event[] {
  const latest = new Map<string, CaseEvent>();
  for (const entry of inTimelineOrder(entries.filter((e) => e.kind === 'perpetrator.status')))
    latest.set(entry.caseId, entry.detail as CaseEvent);
  return [...latest].flatMap(([caseId, event]) =>
    event.type === 'perpetrator.status' && event.status === 'RELEASE_ANNOUNCED' && event.releaseDate
      ? [{ kind: 'release' as const, caseId, at: event.releaseDate, hearingKind: null }]
      : [],
  );
}
