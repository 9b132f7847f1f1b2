/**
 * The coordinator's view of the staff's safety: who is in the field now and by when they must
 * check in, the visits that ended in alarm (missed check-in, panic, duress; never the reader's
 * own duress) in the last 30 days, and the organisation's latest self-assessment with when the
 * next is due. Field visits are read from their SQL mirror (`field_visits`, kept by the field
 * visit workflows); where and with whom stay encrypted and are not shown here.
 */
import { z } from 'zod';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { problemResponses, riskLevel } from './schemas';
import { selfAssessmentSchedules } from '../services/self-assessment-schedules';
import { selfAssessmentScheduleView } from './views';

const DAY = 86_400_000;
const MINUTE = 60_000;
const ALARMS_BEHIND_DAYS = 30;

const visitFields = {
  visitId: z.string(),
  visitCode: z.string(),
  userId: z.string(),
  displayName: z.string(),
  caseId: z.string().nullable(),
  startedAt: z.date(),
  expectedEndAt: z.date(),
};

const safetyView = z.object({
  inTheField: z.array(
    z.object({
      ...visitFields,
      graceMinutes: z.number(),
      checkInBy: z.date().describe('Expected end plus grace: without a check-in by then the safety contacts are alerted'),
      late: z.boolean().describe('Past the expected end, not yet checked in'),
    }),
  ),
  visitAlarms: z.array(
    z.object({
      ...visitFields,
      reason: z.enum(['missed', 'panic', 'duress']),
      at: z.date().nullable(),
    }),
  ),
  selfAssessment: z.object({
    latest: z.object({ id: z.string(), at: z.date(), riskLevel }).nullable(),
    schedule: selfAssessmentScheduleView,
    overdue: z.boolean(),
  }),
});

export function safetyRoutes(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;
  const schedules = selfAssessmentSchedules(deps);

  app.get(
    '/safety',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['provider safety'],
        summary: "The staff's safety: visits in the field and their deadlines, visit alarms, the organisation's self-assessment",
        response: { 200: safetyView, ...problemResponses },
      },
    },
    async (request) => {
      const { organisationId, userId } = callerOf(request);
      const now = Date.now();
      const withVisitor = { user: { select: { displayName: true } } } as const;
      const [active, alarms, latest, schedule] = await Promise.all([
        prisma.fieldVisit.findMany({ where: { organisationId, state: 'ACTIVE' }, include: withVisitor }),
        prisma.fieldVisit.findMany({
          where: {
            organisationId,
            // A duress check-in is an alarm to the other coordinators; to the visitor, whoever holds
            // their screen, it is a normal check-in, which is no alarm.
            OR: [{ state: { in: ['MISSED', 'PANIC'] } }, { endedBy: 'duress', userId: { not: userId } }],
            startedAt: { gte: new Date(now - ALARMS_BEHIND_DAYS * DAY) },
          },
          include: withVisitor,
          orderBy: { startedAt: 'desc' },
        }),
        prisma.selfAssessment.findFirst({
          where: { organisationId },
          orderBy: { at: 'desc' },
          select: { id: true, at: true, riskLevel: true },
        }),
        schedules.schedule(organisationId),
      ]);
      const visit = (v: (typeof active)[number]) => ({
        visitId: v.id,
        visitCode: v.visitCode,
        userId: v.userId,
        displayName: v.user.displayName,
        caseId: v.caseId,
        startedAt: v.startedAt,
        expectedEndAt: v.expectedEndAt,
      });
      return {
        inTheField: active
          .map((v) => ({
            ...visit(v),
            graceMinutes: v.graceMinutes,
            checkInBy: new Date(v.expectedEndAt.getTime() + v.graceMinutes * MINUTE),
            late: v.expectedEndAt.getTime() < now,
          }))
          .sort((a, b) => a.checkInBy.getTime() - b.checkInBy.getTime()),
        visitAlarms: alarms.map((v) => ({
          ...visit(v),
          reason: v.endedBy === 'duress' ? ('duress' as const) : v.state === 'PANIC' ? ('panic' as const) : ('missed' as const),
          at: v.endedAt,
        })),
        selfAssessment: { latest, schedule, overdue: Date.parse(schedule.dueAt) < now },
      };
    },
  );
}
