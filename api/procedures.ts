/**
 * Response procedures: what to do, step by step, for each trigger (domain/response-procedures.ts).
 * Everyone in the organisation reads them (urgent alerts link to `/procedures/<trigger>`); admins
 * write them. Until an admin does, the default steps are shown, marked as such.
 */
import { z } from 'zod';
import type { ResponseProcedure } from '../generated/prisma/client';
import { LANGUAGES, type Language } from '../domain/message-texts';
import { defaultProcedureSteps, parseProcedureSteps, PROCEDURE_TRIGGERS, type ProcedureTrigger } from '../domain/response-procedures';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { problemResponses } from './schemas';

const procedureView = z
  .object({
    trigger: z.enum(PROCEDURE_TRIGGERS),
    steps: z.array(z.string()),
    isDefault: z.boolean().describe("True: Vigil's default steps, until an admin writes the organisation's own"),
    updatedAt: z.date().nullable(),
    updatedById: z.string().nullable(),
  })
  .meta({ id: 'ResponseProcedure' });

const triggerParams = z.strictObject({ trigger: z.enum(PROCEDURE_TRIGGERS) });
const languageQuery = z.strictObject({
  language: z.enum(LANGUAGES).default('en').describe("The language of Vigil's default steps (the organisation's own are as written)"),
});

function present(trigger: ProcedureTrigger, row: ResponseProcedure | undefined, language: Language = 'en'): z.infer<typeof procedureView> {
  return row
    ? { trigger, steps: row.steps, isDefault: false, updatedAt: row.updatedAt, updatedById: row.updatedById }
    : { trigger, steps: [...defaultProcedureSteps(trigger, language)], isDefault: true, updatedAt: null, updatedById: null };
}

export function procedureRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/procedures',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['provider safety'],
        summary: "The organisation's response procedures, one per trigger",
        querystring: languageQuery,
        response: { 200: z.object({ procedures: z.array(procedureView) }), ...problemResponses },
      },
    },
    async (request) => {
      const rows = await prisma.responseProcedure.findMany({ where: { organisationId: callerOf(request).organisationId } });
      return {
        procedures: PROCEDURE_TRIGGERS.map((trigger) =>
          present(
            trigger,
            rows.find((r) => r.trigger === trigger),
            request.query.language,
          ),
        ),
      };
    },
  );

  app.get(
    '/procedures/:trigger',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['provider safety'],
        summary: 'One response procedure (urgent alerts link here)',
        params: triggerParams,
        querystring: languageQuery,
        response: { 200: procedureView, ...problemResponses },
      },
    },
    async (request) => {
      const { trigger } = request.params;
      const row = await prisma.responseProcedure.findUnique({
        where: { organisationId_trigger: { organisationId: callerOf(request).organisationId, trigger } },
      });
      return present(trigger, row ?? undefined, request.query.language);
    },
  );

  app.put(
    '/procedures/:trigger',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['provider safety'],
        summary: "Replaces a procedure's steps (1 to 20, in order)",
        params: triggerParams,
        // parseProcedureSteps checks the steps and names the one at fault (steps[2]).
        body: z.strictObject({ steps: z.array(z.unknown()).describe('The steps in order: 1 to 20 texts of at most 500 characters') }),
        response: { 200: procedureView, ...problemResponses },
      },
    },
    async (request) => {
      const { organisationId, userId } = callerOf(request);
      const { trigger } = request.params;
      const steps = parseProcedureSteps(request.body.steps);
      const row = await prisma.responseProcedure.upsert({
        where: { organisationId_trigger: { organisationId, trigger } },
        create: { organisationId, trigger, steps, updatedById: userId },
        update: { steps, updatedById: userId },
      });
      return present(trigger, row);
    },
  );
}
