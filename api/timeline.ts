/**
 * A case's timeline in order: every event, assessment, reminder, escalation and alert from SQL
 * (all of it) and the workflow's query (the latest, in case SQL is a step behind), with who
 * recorded assessments and incidents and their decrypted notes and descriptions, and each
 * alert's acknowledgement from the alerts' SQL mirror.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Alert } from '../generated/prisma/client';
import { descriptionContext, notesContext } from '../platform/encrypted-columns';
import { FieldDecryptionError } from '../platform/field-encryption';
import { caseTimelineQuery } from '../workflows/case-messages';
import { caseOf } from './auth';
import { inTimelineOrder, seqOf } from './case-history';
import type { ApiDependencies, App } from './context';
import { caseIdParams, problemResponses } from './schemas';

const timelineEntry = z.object({
  at: z.string(),
  kind: z
    .string()
    .describe(
      'case.opened, assessment.completed, hearing.scheduled, reminder.caseworker, escalation.coordinator, alert.raised, alert.acknowledged (via take-over: a coordinator took it over), alert.resolved, ...',
    ),
  detail: z.record(z.string(), z.unknown()),
  recordedById: z.string().optional().describe('Who recorded an assessment or incident'),
  notes: z.string().optional().describe("An assessment's notes"),
  description: z.string().optional().describe("An incident's description"),
  unreadable: z
    .literal(true)
    .optional()
    .describe('The notes or description exist but do not decrypt (a key missing, or the ciphertext altered)'),
});
type Entry = z.infer<typeof timelineEntry>;

export function timelineRoutes(app: App, { prisma, temporal, fieldCipher }: ApiDependencies): void {
  /** Who recorded it and its private text, decrypted; one unreadable value must not hide the rest of the timeline. */
  function privateFields(
    request: FastifyRequest,
    recordedById: string,
    name: 'notes' | 'description',
    stored: string | null,
    context: string,
  ): Partial<Entry> {
    if (stored === null) return { recordedById };
    try {
      return { recordedById, [name]: fieldCipher.decrypt(stored, context) };
    } catch (error) {
      if (!(error instanceof FieldDecryptionError)) throw error;
      request.log.error({ caseId: request.case?.id, problem: error.message }, `an encrypted ${name} does not decrypt`);
      return { recordedById, unreadable: true };
    }
  }

  app.get(
    '/cases/:caseId/timeline',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['cases'],
        summary: "A case's timeline: events, assessments, reminders, escalations, alerts and acknowledgements, in order",
        params: caseIdParams,
        response: { 200: z.object({ entries: z.array(timelineEntry) }), ...problemResponses },
      },
    },
    async (request) => {
      const row = caseOf(request);
      const [stored, live, assessments, incidents, alerts] = await Promise.all([
        prisma.caseTimelineEntry.findMany({ where: { caseId: row.id } }),
        // An erased case's workflow is ended: SQL has its whole (stripped) timeline.
        row.erasedAt ? [] : temporal.workflow.getHandle(row.workflowId).query(caseTimelineQuery),
        prisma.assessment.findMany({ where: { caseId: row.id } }),
        prisma.incident.findMany({ where: { caseId: row.id } }),
        prisma.alert.findMany({ where: { caseId: row.id } }),
      ]);
      const bySeq = new Map<number, { at: string; kind: string; detail: Record<string, unknown> }>();
      for (const e of inTimelineOrder(stored))
        bySeq.set(seqOf(e), { at: e.at.toISOString(), kind: e.kind, detail: e.detail as Record<string, unknown> });
      for (const e of live) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);

      const sameTime = (detail: Record<string, unknown>, at: Date) =>
        typeof detail.at === 'string' && Date.parse(detail.at) === at.getTime();
      const entries: Entry[] = [];
      for (const [, e] of [...bySeq].sort(([a], [b]) => a - b)) {
        const entry: Entry = { ...e };
        const assessment = e.kind === 'assessment.completed' ? assessments.find((a) => sameTime(e.detail, a.at)) : undefined;
        if (assessment)
          Object.assign(entry, privateFields(request, assessment.recordedById, 'notes', assessment.notesEncrypted, notesContext(row.id)));
        const incident = e.kind === 'incident.reported' ? incidents.find((i) => sameTime(e.detail, i.at)) : undefined;
        if (incident)
          Object.assign(
            entry,
            privateFields(request, incident.recordedById, 'description', incident.descriptionEncrypted, descriptionContext(row.id)),
          );
        entries.push(entry);
      }
      entries.push(...alerts.flatMap(alertEntries));
      return { entries: entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) };
    },
  );
}

/** An alert's acknowledgement (or that nobody acknowledged) and resolution, from its SQL mirror. */
function alertEntries(alert: Alert): Entry[] {
  const entries: Entry[] = [];
  if (alert.acknowledgedAt) {
    entries.push({
      at: alert.acknowledgedAt.toISOString(),
      kind: 'alert.acknowledged',
      detail: { alertId: alert.id, by: alert.acknowledgedBy, via: alert.acknowledgedVia },
    });
  } else if (alert.state === 'UNACKNOWLEDGED') {
    entries.push({ at: alert.updatedAt.toISOString(), kind: 'alert.unacknowledged', detail: { alertId: alert.id } });
  }
  // The note stays in the alert's detail (GET /alerts/{id}).
  if (alert.resolvedAt) {
    entries.push({
      at: alert.resolvedAt.toISOString(),
      kind: 'alert.resolved',
      detail: { alertId: alert.id, by: alert.resolvedBy, via: alert.resolvedVia },
    });
  }
  return entries;
}
