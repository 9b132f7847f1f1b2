/**
 * A case's timeline in order: every event, assessment, reminder, escalation and alert from SQL
 * (all of it) and the workflow's query (the latest, in case SQL is a step behind), with who
 * recorded assessments and incidents and their decrypted notes and descriptions, and each
 * alert's acknowledgement from the alert workflow.
 */
import { z } from 'zod';
import { caseTimelineQuery } from '../workflows/case-messages';
import { alertStatus } from './alerts';
import { caseOf } from './auth';
import { descriptionContext, notesContext } from './case-events';
import { inTimelineOrder, seqOf } from './case-history';
import type { ApiDependencies, App } from './context';
import { caseIdParams, problemResponses } from './schemas';

const timelineEntry = z.object({
  at: z.string(),
  kind: z.string().describe('case.opened, assessment.completed, hearing.scheduled, reminder.caseworker, escalation.coordinator, alert.raised, alert.acknowledged, ...'),
  detail: z.record(z.string(), z.unknown()),
  recordedById: z.string().optional().describe('Who recorded an assessment or incident'),
  notes: z.string().optional().describe("An assessment's notes"),
  description: z.string().optional().describe("An incident's description"),
});
type Entry = z.infer<typeof timelineEntry>;

export function timelineRoutes(app: App, { prisma, temporal, fieldCipher }: ApiDependencies): void {
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
      const [stored, live, assessments, incidents] = await Promise.all([
        prisma.caseTimelineEntry.findMany({ where: { caseId: row.id } }),
        temporal.workflow.getHandle(row.workflowId).query(caseTimelineQuery),
        prisma.assessment.findMany({ where: { caseId: row.id } }),
        prisma.incident.findMany({ where: { caseId: row.id } }),
      ]);
      const bySeq = new Map<number, { at: string; kind: string; detail: Record<string, unknown> }>();
      for (const e of inTimelineOrder(stored)) bySeq.set(seqOf(e), { at: e.at.toISOString(), kind: e.kind, detail: e.detail as Record<string, unknown> });
      for (const e of live) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);

      const sameTime = (detail: Record<string, unknown>, at: Date) => typeof detail.at === 'string' && Date.parse(detail.at) === at.getTime();
      const entries: Entry[] = [];
      for (const [, e] of [...bySeq].sort(([a], [b]) => a - b)) {
        const entry: Entry = { ...e };
        if (e.kind === 'assessment.completed') {
          const written = assessments.find((a) => sameTime(e.detail, a.at));
          if (written) Object.assign(entry, { recordedById: written.recordedById }, written.notesEncrypted ? { notes: fieldCipher.decrypt(written.notesEncrypted, notesContext(row.id)) } : {});
        }
        if (e.kind === 'incident.reported') {
          const written = incidents.find((i) => sameTime(e.detail, i.at));
          if (written) {
            Object.assign(
              entry,
              { recordedById: written.recordedById },
              written.descriptionEncrypted ? { description: fieldCipher.decrypt(written.descriptionEncrypted, descriptionContext(row.id)) } : {},
            );
          }
        }
        entries.push(entry);
        if (e.kind === 'alert.raised') {
          const alertId = String(e.detail.alertId);
          const status = await alertStatus(temporal, alertId);
          if (status?.acknowledgement) entries.push({ at: status.acknowledgement.at, kind: 'alert.acknowledged', detail: { alertId, by: status.acknowledgement.by, via: status.acknowledgement.via } });
          else if (status?.state === 'UNACKNOWLEDGED') entries.push({ at: status.attempts.at(-1)?.at ?? e.at, kind: 'alert.unacknowledged', detail: { alertId } });
        }
      }
      return { entries: entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) };
    },
  );
}
