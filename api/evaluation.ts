/**
 * The evaluation of risk assessments and of the organisation's response (README "Evaluation"):
 * the organisation's report for its coordinators and admins (a caseworker gets only their own
 * line of the per-caseworker table), the installation-wide view for the national office, each
 * as JSON, CSV per table and a printable HTML page.
 */
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client';
import { NATIONAL_TABLES, nationalTables, organisationTables, REPORT_TABLES, type ReportTableName } from '../domain/evaluation-tables';
import type { Table } from '../domain/evaluation';
import { computeEvaluation } from '../services/evaluation';
import { callerOf, hasRole, type Caller } from './auth';
import type { ApiDependencies, App } from './context';
import { reportHtml, toCsv } from './evaluation-export';
import { Problem } from './problems';
import { id, instant, problem, problemResponses } from './schemas';

const period = {
  from: instant.optional().describe('Start of the period (included); default: 12 months before `to`'),
  to: instant.optional().describe('End of the period (excluded); default: now. Outcomes are judged with everything recorded until now'),
};
const caseworkerId = id.optional().describe("One caseworker's line of the per-caseworker table (a caseworker may name only themselves)");
const organisationQuery = z.strictObject({ ...period, caseworkerId });
const organisationCsvQuery = z.strictObject({ ...period, caseworkerId, table: z.enum(REPORT_TABLES) });
const nationalQuery = z.strictObject(period);
const nationalCsvQuery = z.strictObject({ ...period, table: z.enum(NATIONAL_TABLES as [ReportTableName, ...ReportTableName[]]) });

const tableView = z.object({
  title: z.string(),
  columns: z.array(z.object({ key: z.string(), title: z.string() })),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
});
const evaluationView = z.object({
  scope: z.enum(['organisation', 'caseworker', 'national']),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  tables: z.record(z.string(), tableView),
});
type EvaluationView = z.infer<typeof evaluationView>;
const csv = { description: 'The table as CSV (RFC 4180), a header line of column keys', content: { 'text/csv': { schema: z.string() } } };
const html = {
  description: 'The report as one HTML page for print, charts in inline SVG',
  content: { 'text/html': { schema: z.string() } },
};

const YEAR_MONTHS = 12;

/** The period asked for; from must come before to. */
function periodOf(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(new Date(to).setUTCMonth(to.getUTCMonth() - YEAR_MONTHS));
  if (from.getTime() >= to.getTime()) throw new Problem(400, 'must be before `to`', 'from');
  return { from, to };
}

/** The organisation's evaluation for coordinators and admins (and a caseworker's own line); the national one. */
export function evaluationRoutes(app: App, { prisma }: ApiDependencies): void {
  organisationRoutes(app, prisma);
  nationalRoutes(app, prisma);
}

async function organisationView(prisma: PrismaClient, caller: Caller, query: z.infer<typeof organisationQuery>): Promise<EvaluationView> {
  const own = caller.role === 'CASEWORKER';
  if (own && query.caseworkerId !== undefined && query.caseworkerId !== caller.userId) {
    throw new Problem(403, 'a caseworker sees only their own line', 'caseworkerId');
  }
  const asOf = new Date(Date.now());
  const { from, to } = periodOf(query, asOf);
  const showDuress = hasRole(caller, 'ADMIN');
  const evaluation = await computeEvaluation(prisma, { organisationId: caller.organisationId, from, to, asOf, showDuress });
  let tables = organisationTables(evaluation);
  const only = own ? caller.userId : query.caseworkerId;
  if (only !== undefined) {
    const all = tables.timelinessByCaseworker!;
    const line = { ...all, rows: all.rows.filter((row) => row.caseworkerId === only) };
    if (line.rows.length === 0) throw new Problem(400, 'is not a caseworker of your organisation', 'caseworkerId');
    tables = own ? { timelinessByCaseworker: line } : { ...tables, timelinessByCaseworker: line };
  }
  return view(own ? 'caseworker' : 'organisation', from, to, asOf, tables);
}

async function nationalView(prisma: PrismaClient, query: z.infer<typeof nationalQuery>): Promise<EvaluationView> {
  const asOf = new Date(Date.now());
  const { from, to } = periodOf(query, asOf);
  const evaluation = await computeEvaluation(prisma, { organisationId: null, from, to, asOf, showDuress: false });
  return view('national', from, to, asOf, nationalTables(evaluation));
}

function organisationRoutes(app: App, prisma: PrismaClient): void {
  app.get(
    '/evaluation',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['evaluation'],
        summary: 'The evaluation of reassessments, reactions, ratings, alerts and staff safety over a period',
        description:
          "Coordinators and admins: every table. Caseworkers: only their own line of the per-caseworker table. README 'Evaluation' says what each figure means.",
        querystring: organisationQuery,
        response: { 200: evaluationView, 403: problem, ...problemResponses },
      },
    },
    async (request) => organisationView(prisma, callerOf(request), request.query),
  );

  app.get(
    '/evaluation.csv',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['evaluation'],
        summary: 'One table of the evaluation as CSV',
        querystring: organisationCsvQuery,
        response: { 200: csv, 403: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { table, ...query } = request.query;
      if (caller.role === 'CASEWORKER' && table !== 'timelinessByCaseworker') {
        throw new Problem(403, 'a caseworker may export only timelinessByCaseworker (their own line)', 'table');
      }
      return sendCsv(reply, table, (await organisationView(prisma, caller, query)).tables[table]);
    },
  );

  app.get(
    '/evaluation/report.html',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['evaluation'],
        summary: 'The printable evaluation report',
        querystring: organisationQuery,
        response: { 200: html, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendReport(reply, 'Evaluation of risk assessments and response', await organisationView(prisma, callerOf(request), request.query)),
  );
}

function nationalRoutes(app: App, prisma: PrismaClient): void {
  app.get(
    '/evaluation/national',
    {
      config: { access: 'NATIONAL_OFFICE' },
      schema: {
        tags: ['evaluation'],
        summary: 'The installation-wide evaluation, for the national office: no case data, figures under 5 cases suppressed (null)',
        querystring: nationalQuery,
        response: { 200: evaluationView, ...problemResponses },
      },
    },
    async (request) => nationalView(prisma, request.query),
  );

  app.get(
    '/evaluation/national.csv',
    {
      config: { access: 'NATIONAL_OFFICE' },
      schema: {
        tags: ['evaluation'],
        summary: 'One table of the national view as CSV',
        querystring: nationalCsvQuery,
        response: { 200: csv, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { table, ...query } = request.query;
      return sendCsv(reply, table, (await nationalView(prisma, query)).tables[table]);
    },
  );

  app.get(
    '/evaluation/national/report.html',
    {
      config: { access: 'NATIONAL_OFFICE' },
      schema: {
        tags: ['evaluation'],
        summary: 'The printable national report',
        querystring: nationalQuery,
        response: { 200: html, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendReport(reply, 'National evaluation of risk assessments and response', await nationalView(prisma, request.query)),
  );
}

function view(
  scope: EvaluationView['scope'],
  from: Date,
  to: Date,
  asOf: Date,
  tables: Partial<Record<ReportTableName, Table>>,
): EvaluationView {
  return { scope, from: from.toISOString(), to: to.toISOString(), asOf: asOf.toISOString(), tables: tables as Record<string, Table> };
}

type Reply = { type(value: string): Reply; header(name: string, value: string): Reply };

function sendCsv(reply: Reply, name: string, table: Table | undefined) {
  if (!table) throw new Problem(403, 'this table is not yours to see', 'table');
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="evaluation-${name}.csv"`);
  return toCsv(table);
}

function sendReport(reply: Reply, heading: string, { from, to, asOf, scope, tables }: EvaluationView) {
  const note =
    scope === 'national'
      ? 'All organisations together. A dash marks a figure fewer than 5 cases stand behind (suppressed).'
      : 'Subjects belong to the period by their own time; what became of them is judged with everything recorded until the report was made.';
  reply.type('text/html; charset=utf-8');
  return reportHtml(heading, `From ${from} to ${to}, as of ${asOf}`, tables, note);
}
