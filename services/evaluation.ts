/**
 * Reads what the evaluation needs from SQL (README "Evaluation"): each case's timeline (replayed
 * by domain/evaluation-replay.ts), escalations, alerts with who acknowledged them, failed
 * messages, field visits and self-assessments, for one organisation or for all of them (the
 * national view). The figures themselves are computed in domain/evaluation*.ts.
 */
import { CASE_EVENT_TYPES } from '../domain/case-events';
import { replayCase, type HistoryEntry, type PolicyVersions } from '../domain/evaluation-replay';
import type { AlertInput } from '../domain/evaluation-safety';
import { evaluate, type CaseInput, type Evaluation } from '../domain/evaluation-tables';
import { parsePolicyOverride, type Policy } from '../domain/policy';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

export interface EvaluationScope {
  /** null: every organisation of the installation (the national view). */
  organisationId: string | null;
  from: Date;
  to: Date;
  /** What is known: outcomes are judged with the history recorded up to here (now). */
  asOf: Date;
  showDuress: boolean;
}

/** The timeline kinds the replay reads: the events, the opening, policy changes and handovers. */
export const REPLAYED_KINDS = ['case.opened', 'policy.changed', 'caseworker.changed', ...CASE_EVENT_TYPES];

export async function computeEvaluation(prisma: PrismaClient, scope: EvaluationScope): Promise<Evaluation> {
  const org = (column: string) =>
    scope.organisationId === null ? Prisma.sql`true` : Prisma.sql`${Prisma.raw(column)} = ${scope.organisationId}::uuid`;
  const { from, to, asOf } = scope;
  const [cases, timeline, policies, escalations, alerts, failures, visits, selfAssessments, caseworkers] = await Promise.all([
    prisma.$queryRaw<{ id: string; caseCode: string; caseworkerId: string; organisationId: string }[]>`
      select id, "caseCode", "caseworkerId", "organisationId" from cases c where ${org('c."organisationId"')} and c."identifiedAt" < ${to}`,
    prisma.$queryRaw<{ caseId: string; kind: string; at: Date; detail: Record<string, unknown> }[]>`
      select e."caseId", e.kind, e.at, e.detail from case_timeline_entries e join cases c on c.id = e."caseId"
      where ${org('c."organisationId"')} and c."identifiedAt" < ${to} and e.at <= ${asOf} and e.kind = any(${REPLAYED_KINDS})
      order by e."caseId", e.at, case when e."idempotencyKey" ~ '#[0-9]+$' then regexp_replace(e."idempotencyKey", '^.*#', '')::int else 0 end`,
    prisma.organisationPolicy.findMany({
      where: scope.organisationId === null ? {} : { organisationId: scope.organisationId },
      orderBy: { changedAt: 'asc' },
    }),
    prisma.$queryRaw<{ caseId: string; at: Date; kind: string }[]>`
      select e."caseId", e.at, e.kind from case_timeline_entries e join cases c on c.id = e."caseId"
      where ${org('c."organisationId"')} and e.kind in ('escalation.coordinator', 'escalation.chain') and e.at >= ${from} and e.at < ${to}`,
    prisma.$queryRaw<AlertRow[]>`
      select a.id, a."caseId", a."fieldVisitId", a.trigger, a."raisedAt", a."acknowledgedAt", a."acknowledgedVia",
             cc.level as "designatedLevel", chain.position as "chainLevel"
      from alerts a
      left join case_contacts cc on cc."caseId" = a."caseId" and cc."contactId"::text = a."acknowledgedBy"
      left join lateral (
        select min(l.position) as position from escalation_levels l
        join escalation_chains ch on ch.id = l."chainId" join escalation_level_contacts lc on lc."levelId" = l.id
        where ch."organisationId" = a."organisationId" and lc."contactId"::text = a."acknowledgedBy") chain on true
      where ${org('a."organisationId"')} and a."raisedAt" >= ${from} and a."raisedAt" < ${to}`,
    // An urgent message belongs to the period of its alert; a reminder to when it was written.
    prisma.$queryRaw<{ id: string; caseId: string | null; fieldVisitId: string | null; channel: string; kind: string }[]>`
      select d.id, d."caseId", a."fieldVisitId", d.channel::text, d.kind::text from delivery_attempts d
      left join alerts a on a.id = d."alertId"
      where ${org('d."organisationId"')} and d.status in ('FAILED', 'UNDELIVERED')
        and coalesce(a."raisedAt", d."createdAt") >= ${from} and coalesce(a."raisedAt", d."createdAt") < ${to}`,
    prisma.fieldVisit.findMany({
      where: { ...orgWhere(scope), startedAt: { gte: from, lt: to } },
      select: { id: true, startedAt: true, state: true, endedBy: true },
    }),
    prisma.selfAssessment.findMany({
      where: { ...orgWhere(scope), at: { gte: from, lt: to } },
      select: { organisationId: true, at: true, scores: true },
    }),
    scope.organisationId === null
      ? []
      : prisma.user.findMany({
          where: { organisationId: scope.organisationId, role: 'CASEWORKER' },
          select: { id: true, displayName: true },
          orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
        }),
  ]);

  const versions = policyVersions(policies);
  const entries = groupBy(timeline, (e) => e.caseId);
  const caseInputs: CaseInput[] = cases.map((c) => ({
    caseId: c.id,
    caseCode: c.caseCode,
    caseworkerId: c.caseworkerId,
    history: replayCase(
      (entries.get(c.id) ?? []).map((e): HistoryEntry => ({ kind: e.kind, at: e.at.getTime(), detail: e.detail })),
      versions.get(c.organisationId) ?? NO_OVERRIDES,
      asOf.getTime(),
    ),
  }));
  return evaluate({
    from: from.getTime(),
    to: to.getTime(),
    asOf: asOf.getTime(),
    cases: caseInputs,
    caseworkerNames: new Map(caseworkers.map((u) => [u.id, u.displayName])),
    escalations: escalations.map((e) => ({
      caseId: e.caseId,
      at: e.at.getTime(),
      to: e.kind === 'escalation.chain' ? 'chain' : 'coordinator',
    })),
    alerts: alerts.map(alertInput),
    deliveryFailures: failures.map((d) => ({ unit: d.caseId ?? d.fieldVisitId ?? d.id, channel: d.channel, kind: d.kind })),
    fieldVisits: visits.map((v) => ({ visitId: v.id, startedAt: v.startedAt.getTime(), state: v.state, endedBy: v.endedBy })),
    selfAssessments: selfAssessments.map((s) => ({
      organisationId: s.organisationId,
      at: s.at.getTime(),
      scores: s.scores as Record<string, number>,
    })),
    showDuress: scope.showDuress,
  });
}

interface AlertRow {
  id: string;
  caseId: string | null;
  fieldVisitId: string | null;
  trigger: string;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedVia: string | null;
  designatedLevel: number | null;
  chainLevel: number | null;
}

/** Acknowledged in Vigil by someone signed in: in the app or the API, or a coordinator's take-over. */
const IN_VIGIL: ReadonlySet<string> = new Set(['api', 'take-over']);

/** Which level acknowledged: the acknowledging contact's place in the case's chain or the organisation's. */
function alertInput(a: AlertRow): AlertInput {
  const level =
    a.acknowledgedAt === null
      ? null
      : a.designatedLevel !== null
        ? `designated contacts, level ${a.designatedLevel}`
        : a.chainLevel !== null
          ? `organisation chain, level ${a.chainLevel}`
          : a.acknowledgedVia !== null && IN_VIGIL.has(a.acknowledgedVia)
            ? 'staff in Vigil'
            : a.fieldVisitId !== null
              ? 'safety contacts of the visit'
              : 'other';
  return {
    unit: a.caseId ?? a.fieldVisitId ?? a.id,
    trigger: a.trigger,
    raisedAt: a.raisedAt.getTime(),
    acknowledgedAt: a.acknowledgedAt?.getTime() ?? null,
    acknowledgingLevel: level,
  };
}

export const NO_OVERRIDES: PolicyVersions = { byVersion: new Map(), changes: [] };

/** Each organisation's policy versions, as the case workflows received them. */
export function policyVersions(
  rows: { organisationId: string; version: number; overrides: unknown; changedAt: Date }[],
): Map<string, PolicyVersions> {
  const byOrganisation = new Map<string, { byVersion: Map<number, Policy>; changes: { version: number; changedAt: number }[] }>();
  for (const row of rows) {
    const entry = byOrganisation.get(row.organisationId) ?? { byVersion: new Map<number, Policy>(), changes: [] };
    entry.byVersion.set(row.version, parsePolicyOverride(row.overrides));
    entry.changes.push({ version: row.version, changedAt: row.changedAt.getTime() });
    byOrganisation.set(row.organisationId, entry);
  }
  return byOrganisation;
}

function orgWhere(scope: EvaluationScope) {
  return scope.organisationId === null ? {} : { organisationId: scope.organisationId };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
