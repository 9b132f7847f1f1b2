/**
 * Erasure of a case's personal data, by the retention job (closed longer than the organisation's
 * `retentionYears`, activities/retention.ts) or on an admin's request (api/erasure.ts,
 * `npm run case:erase`). One function does both; docs/data-protection.md lists what goes and what stays.
 *
 * Erased: every encrypted column of the case's rows (assessment notes, incident descriptions,
 * field-visit purpose, place and company: platform/encrypted-columns.ts), the case code (which
 * links the statistics to the paper file), the designated contacts (who stood by the victim),
 * message addresses, subjects, bodies and error texts, who acknowledged an alert (may be a phone
 * number) and its resolution note, and timeline details other than kinds, levels, types and
 * times (a hearing id may be the court's case number).
 * Kept, for the coordinators' statistics: the case row's stage, risk level, caseworker,
 * coordinator and dates; each assessment's time, levels and measure codes; each incident's
 * time, type and severity; alerts' triggers, states and times; messages' kinds, channels,
 * statuses and times; field visits' times and states; the timeline's kinds and times.
 *
 * The case workflow (and any alert still running) is terminated: it would otherwise keep
 * watching for a release and writing to the case. Idempotent: `erasedAt` is set in the same
 * transaction as the erasure; a second call erases nothing and still makes sure the workflows
 * are gone, so a retry after a crash between the two finishes the job.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Erasure, Prisma, PrismaClient } from '../generated/prisma/client';
import { ENCRYPTED_COLUMNS } from '../platform/encrypted-columns';
import type { Logger } from '../platform/logger';

/** What stands where erased text was, in NOT NULL columns. */
export const ERASED = '[erased]';

/** Timeline detail keys that are statistics (levels, types, kinds, times); every other key goes. */
const KEPT_TIMELINE_KEYS = [
  'type',
  'at',
  'identifiedAt',
  'riskLevel',
  'measures',
  'kind',
  'status',
  'releaseDate',
  'incidentType',
  'severity',
  'stage',
  'trigger',
  'reason',
  'dueAt',
  'rule',
  'deferred',
  // Staff, not the person: who was in charge when (caseworker.changed), for the evaluation.
  'caseworkerId',
  'previousCaseworkerId',
];

export interface ErasureRequest {
  caseId: string;
  via: 'retention' | 'request';
  /** The admin who asked; null for the retention job. */
  requestedById: string | null;
  /** Why; never personal data. */
  reason: string;
  /** Erase only if the case is still closed before this instant (the retention job's cutoff). */
  closedBefore?: Date;
}

export type ErasureOutcome =
  | { outcome: 'erased'; erasure: Erasure }
  | { outcome: 'already-erased'; erasure: Erasure | null }
  /** The case no longer qualifies (reopened, or closed later than the cutoff). */
  | { outcome: 'not-eligible' }
  /** A field visit of the case is under way: its place and company may be needed to find the visitor. */
  | { outcome: 'visit-in-progress'; visitCode: string };

export class CaseNotFoundError extends Error {}

export async function eraseCase(
  deps: { prisma: PrismaClient; temporal: Client; log: Logger },
  request: ErasureRequest,
  now = new Date(),
): Promise<ErasureOutcome> {
  const { prisma, log } = deps;
  const { caseId } = request;
  const found = await prisma.case.findUnique({ where: { id: caseId } });
  if (!found) throw new CaseNotFoundError(`no case ${caseId}`);
  const activeVisit = await prisma.fieldVisit.findFirst({ where: { caseId, state: 'ACTIVE' }, select: { visitCode: true } });
  if (activeVisit && !found.erasedAt) return { outcome: 'visit-in-progress', visitCode: activeVisit.visitCode };

  const result = await prisma.$transaction(async (tx): Promise<ErasureOutcome> => {
    // The guard and the mark in one statement: of two concurrent erasures, one erases.
    const marked = await tx.case.updateMany({
      where: { id: caseId, erasedAt: null, ...(request.closedBefore ? { closedAt: { lt: request.closedBefore } } : {}) },
      data: { erasedAt: now, caseCode: `ERASED-${caseId}`, nextDueAt: null },
    });
    if (marked.count === 0) {
      if (found.erasedAt || (await tx.case.count({ where: { id: caseId, erasedAt: { not: null } } }))) {
        return { outcome: 'already-erased', erasure: await tx.erasure.findFirst({ where: { caseId }, orderBy: { at: 'desc' } }) };
      }
      return { outcome: 'not-eligible' };
    }
    const erased = await eraseRows(tx, caseId);
    const erasure = await tx.erasure.create({
      data: {
        organisationId: found.organisationId,
        caseId,
        via: request.via,
        requestedById: request.requestedById,
        reason: request.reason,
        erased,
        at: now,
      },
    });
    return { outcome: 'erased', erasure };
  });
  if (result.outcome === 'erased' || result.outcome === 'already-erased') {
    await terminateCaseWorkflows(deps, found.workflowId, caseId, request.reason);
  }
  if (result.outcome === 'erased') {
    log.info({ caseId, via: request.via, erased: result.erasure.erased }, 'personal data of the case erased');
  }
  return result;
}

/** Clears what the module comment lists; answers the number of rows touched, by table (the Erasure's `erased`). */
async function eraseRows(tx: Prisma.TransactionClient, caseId: string): Promise<Record<string, number>> {
  // Who acknowledged an alert goes with its resolution note, so each alert row counts once.
  const alertWhere = { caseId, OR: [{ acknowledgedBy: { not: null } }, { resolutionNoteEncrypted: { not: null } }] };
  const alerts = await tx.alert.updateMany({ where: alertWhere, data: { acknowledgedBy: null, resolutionNoteEncrypted: null } });
  const erased: Record<string, number> = { alerts: alerts.count };
  const byTable = new Map<string, string[]>();
  for (const { table, column, ofCase } of ENCRYPTED_COLUMNS) if (ofCase) byTable.set(table, [...(byTable.get(table) ?? []), column]);
  for (const [table, columns] of byTable) {
    erased[table] =
      (erased[table] ?? 0) +
      (await tx.$executeRawUnsafe(
        `UPDATE "${table}" SET ${columns.map((c) => `"${c}" = NULL`).join(', ')}
        WHERE "caseId" = $1::uuid AND (${columns.map((c) => `"${c}" IS NOT NULL`).join(' OR ')})`,
        caseId,
      ));
  }
  erased.case_contacts = (await tx.caseContact.deleteMany({ where: { caseId } })).count;
  erased.delivery_attempts = (
    await tx.deliveryAttempt.updateMany({
      where: { caseId, NOT: { address: ERASED } },
      data: { address: ERASED, body: ERASED, subject: null, errorMessage: null },
    })
  ).count;
  erased.case_timeline_entries = await tx.$executeRawUnsafe(
    `UPDATE case_timeline_entries
        SET detail = (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each(detail) WHERE key = ANY($2::text[]))
      WHERE "caseId" = $1::uuid AND EXISTS (SELECT 1 FROM jsonb_object_keys(detail) AS k WHERE k <> ALL($2::text[]))`,
    caseId,
    KEPT_TIMELINE_KEYS,
  );
  return erased;
}

/** The case workflow and its alerts not resolved (still open for a take-over); ones already closed (or aged out) are fine. */
async function terminateCaseWorkflows(
  deps: { prisma: PrismaClient; temporal: Client },
  workflowId: string,
  caseId: string,
  reason: string,
) {
  const alerts = await deps.prisma.alert.findMany({ where: { caseId, state: { not: 'RESOLVED' } }, select: { id: true } });
  for (const id of [workflowId, ...alerts.map((a) => a.id)]) {
    try {
      await deps.temporal.workflow.getHandle(id).terminate(`personal data erased: ${reason}`);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
}
