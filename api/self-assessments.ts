/**
 * The organisation's safety self-assessment: coordinators record it (scores in clear for the
 * trend, notes encrypted), the organisation's selfAssessmentWorkflow keeps its schedule. The
 * workflow hears only the time and the derived level.
 *
 * The workflow is started here, idempotently (an existing run is kept): for every organisation
 * when the API starts and every hour after, because organisations are created offline
 * (`npm run organisation`, the first start); and with each update (update-with-start), so
 * recording never waits for the next sweep.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  INDICATORS,
  MAX_SCORE,
  organisationRiskLevel,
  parseSelfAssessment,
  type Notes,
  type SelfAssessmentSchedule,
} from '../domain/self-assessment';
import { selfAssessmentNotesContext } from '../platform/encrypted-columns';
import {
  selfAssessmentScheduleQuery,
  selfAssessmentUpdates,
  selfAssessmentWorkflow,
  selfAssessmentWorkflowId,
} from '../workflows/self-assessment';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { instant, pagination, problemResponses, riskLevel } from './schemas';

const SWEEP_EVERY_MS = 60 * 60_000;

export const selfAssessmentScheduleView = z
  .object({
    dueAt: z.string().describe('When the next self-assessment is due'),
    riskLevel: riskLevel.nullable().describe("The organisation's level from the latest self-assessment; null before the first"),
    intervalDays: z.number(),
    lastAt: z.string().nullable(),
    remindAt: z.array(z.string()).describe('Reminders to the coordinators and admins'),
    escalateAt: z.array(z.object({ at: z.string(), to: z.enum(['admins', 'admins-and-duty-coordinator']) })),
  })
  .meta({ id: 'SelfAssessmentSchedule' });

const selfAssessmentView = z
  .object({
    id: z.string(),
    at: z.date(),
    scores: z.record(z.string(), z.number()),
    riskLevel,
    notes: z.record(z.string(), z.string()).describe('Decrypted for the reader'),
    recordedById: z.string(),
  })
  .meta({ id: 'SelfAssessment' });

const SCALE_TEXT = INDICATORS.map((i) => `${i.key}: ${i.title} (${i.scale.map((label, score) => `${score} ${label}`).join('; ')})`).join(
  '. ',
);

/** Starting, telling and asking an organisation's self-assessment workflow. */
export function selfAssessmentSchedules({ prisma, temporal, taskQueue, log }: ApiDependencies) {
  /** How to start it if it is not running: from what the database holds now. */
  async function startOperation(organisationId: string) {
    const [organisation, latest] = await Promise.all([
      prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { selfAssessmentIntervalDays: true } }),
      prisma.selfAssessment.findFirst({ where: { organisationId }, orderBy: { at: 'desc' }, select: { at: true, riskLevel: true } }),
    ]);
    return new WithStartWorkflowOperation(selfAssessmentWorkflow, {
      workflowId: selfAssessmentWorkflowId(organisationId),
      taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [
        {
          organisationId,
          intervalDays: organisation.selfAssessmentIntervalDays,
          last: latest && { at: latest.at.toISOString(), riskLevel: latest.riskLevel },
        },
      ],
    });
  }

  async function ensure(organisationId: string): Promise<void> {
    const { workflowTypeOrFunc, options } = await startOperation(organisationId);
    await temporal.workflow.start(workflowTypeOrFunc, options);
  }

  return {
    ensure,

    /** Sends an update, starting the workflow first when it is not running. */
    async tell<A>(organisationId: string, update: UpdateDefinition<SelfAssessmentSchedule, [A]>, args: A): Promise<SelfAssessmentSchedule> {
      return temporal.workflow.executeUpdateWithStart(update, {
        args: [args],
        startWorkflowOperation: await startOperation(organisationId),
      });
    },

    async schedule(organisationId: string): Promise<SelfAssessmentSchedule> {
      const handle = temporal.workflow.getHandle(selfAssessmentWorkflowId(organisationId));
      try {
        return await handle.query(selfAssessmentScheduleQuery);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        await ensure(organisationId);
        return handle.query(selfAssessmentScheduleQuery);
      }
    },

    /** Every organisation's workflow running; one that fails to start is logged and tried at the next sweep. */
    async ensureAll(): Promise<void> {
      for (const { id } of await prisma.organisation.findMany({ select: { id: true } })) {
        await ensure(id).catch((err: unknown) => log.warn({ err, organisationId: id }, 'self-assessment schedule not started'));
      }
    },
  };
}

export function selfAssessmentRoutes(app: App, deps: ApiDependencies): void {
  const { prisma, fieldCipher, log } = deps;
  const schedules = selfAssessmentSchedules(deps);

  // The sweep: at start, then hourly. Never in the way of the API starting or stopping.
  let timer: NodeJS.Timeout | undefined;
  const sweep = () => void schedules.ensureAll().catch((err: unknown) => log.warn({ err }, 'self-assessment sweep failed'));
  app.addHook('onReady', async () => {
    sweep();
    timer = setInterval(sweep, SWEEP_EVERY_MS).unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));

  app.get(
    '/self-assessments',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['provider safety'],
        summary: "The organisation's safety self-assessments, newest first (the trend), the indicators' scales and the schedule",
        querystring: z.strictObject(pagination),
        response: {
          200: z.object({
            indicators: z.array(z.object({ key: z.string(), title: z.string(), scale: z.array(z.string()) })),
            schedule: selfAssessmentScheduleView,
            selfAssessments: z.array(selfAssessmentView),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { organisationId } = callerOf(request);
      const [rows, schedule] = await Promise.all([
        prisma.selfAssessment.findMany({
          where: { organisationId },
          orderBy: { at: 'desc' },
          take: request.query.limit,
          skip: request.query.offset,
        }),
        schedules.schedule(organisationId),
      ]);
      return {
        indicators: INDICATORS.map(({ key, title, scale }) => ({ key, title, scale: [...scale] })),
        schedule,
        selfAssessments: rows.map((row) => ({
          id: row.id,
          at: row.at,
          scores: row.scores as Record<string, number>,
          riskLevel: row.riskLevel,
          notes: row.notesEncrypted
            ? (JSON.parse(fieldCipher.decrypt(row.notesEncrypted, selfAssessmentNotesContext(row.id))) as Notes)
            : {},
          recordedById: row.recordedById,
        })),
      };
    },
  );

  app.post(
    '/self-assessments',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['provider safety'],
        summary: `Records the organisation's safety self-assessment: each of the eight indicators scored 0 to ${MAX_SCORE}; the organisation risk level is derived from the scores`,
        description: `Scales: ${SCALE_TEXT}.`,
        // The domain validates the scores and names the field (scores.perceivedCorruption).
        body: z.strictObject({
          at: instant.optional().describe('When it was done; default: now'),
          scores: z.record(z.string(), z.unknown()).describe('Indicator key -> score, every indicator required'),
          notes: z.record(z.string(), z.unknown()).optional().describe('Indicator key -> note; encrypted at rest, never sent anywhere'),
        }),
        response: {
          201: z.object({ selfAssessment: selfAssessmentView, schedule: selfAssessmentScheduleView }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { at, scores, notes } = parseSelfAssessment(request.body, Date.now());
      const level = organisationRiskLevel(scores);
      const id = randomUUID();
      const row = await prisma.selfAssessment.create({
        data: {
          id,
          organisationId: caller.organisationId,
          at: new Date(at),
          scores,
          riskLevel: level,
          notesEncrypted: Object.keys(notes).length ? fieldCipher.encrypt(JSON.stringify(notes), selfAssessmentNotesContext(id)) : null,
          recordedById: caller.userId,
        },
      });
      const schedule = await schedules.tell(caller.organisationId, selfAssessmentUpdates.recorded, { at, riskLevel: level });
      return reply.code(201).send({
        selfAssessment: { id, at: row.at, scores, riskLevel: level, notes, recordedById: caller.userId },
        schedule,
      });
    },
  );
}
