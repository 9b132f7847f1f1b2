/**
 * One alert by its id: what happened to it (GET /alerts/{id}), acknowledging or taking it over,
 * and resolving it with a note. Scoped as GET /alerts is: caseworkers their cases' alerts,
 * coordinators and admins also the field visits' alarms but their own visit's (a duress stays
 * silent to its visitor); anything else answers 404. The workflow decides: acknowledging and
 * resolving are its signals, answered with its confirmed state. The note never enters it: it is
 * stored encrypted beside the alert's row, and shown to those who may read the alert.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client';
import { resolutionNoteContext } from '../platform/encrypted-columns';
import { FieldDecryptionError, type FieldCipher } from '../platform/field-encryption';
import { alertDetail } from '../services/alert-detail';
import { acknowledgeAlertSignal, alertStatusQuery, resolveAlertSignal, type AlertStatus } from '../workflows/urgent-alert';
import { alertDetailView } from './alert-detail-view';
import { alertView, presentAlert, withSubject, type AlertRow } from './alert-views';
import { callerOf, hasRole, visibleCases, type Caller } from './auth';
import type { ApiDependencies, App } from './context';
import { notFound, Problem } from './problems';
import { id, noBody, problem, problemResponses, safeText } from './schemas';

const NOTE_MAX = 500;
const CONFIRM_WAIT_MS = 3_000;

/** The alerts `caller` may see, as GET /alerts lists them. */
export function visibleAlerts(caller: Caller): Prisma.AlertWhereInput {
  const ofCases = { case: visibleCases(caller) };
  if (!hasRole(caller, 'COORDINATOR')) return ofCases;
  return { OR: [ofCases, { fieldVisit: { organisationId: caller.organisationId, userId: { not: caller.userId } } }] };
}

const params = z.strictObject({ id: id.describe("The alert's `id`, as GET /alerts lists it") });
const confirmed = {
  200: alertView,
  202: alertView.describe('Done; the alert had not confirmed it yet'),
  409: problem,
  ...problemResponses,
};

type Find = (caller: Caller, publicId: string) => Promise<AlertRow>;

export function alertActionRoutes(app: App, deps: ApiDependencies): void {
  const find: Find = async (caller, publicId) => {
    const alert = await deps.prisma.alert.findFirst({ where: { publicId, ...visibleAlerts(caller) }, include: withSubject });
    if (!alert) throw notFound('alert');
    return alert;
  };
  detailRoute(app, deps, find);
  acknowledgeRoute(app, deps, find);
  resolveRoute(app, deps, find);
}

function detailRoute(app: App, { prisma, fieldCipher }: ApiDependencies, find: Find): void {
  app.get(
    '/alerts/:id',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['alerts'],
        summary:
          'What happened to an urgent alert: its trigger, the plan (levels, contacts, timeouts), every message to each contact with the provider status, the acknowledgement and the resolution',
        params,
        response: { 200: alertDetailView, ...problemResponses },
      },
    },
    async (request) => {
      const alert = await find(callerOf(request), request.params.id);
      if (alert.caseId) request.auditCaseId = alert.caseId;
      const note = readNote(fieldCipher, alert, request.log);
      return { ...presentAlert(alert), visitCode: alert.fieldVisit?.visitCode ?? null, ...(await alertDetail(prisma, alert, note)) };
    },
  );
}

function acknowledgeRoute(app: App, { temporal }: ApiDependencies, find: Find): void {
  app.post(
    '/alerts/:id/acknowledge',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['alerts'],
        summary:
          'Acknowledges an urgent alert, or (coordinators and admins) takes over one nobody acknowledged: paging stops at once and everyone paged is told who took it',
        params,
        body: noBody,
        response: confirmed,
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const alert = await find(caller, request.params.id);
      if (alert.caseId) request.auditCaseId = alert.caseId;
      return acknowledge(temporal, alert, caller, reply);
    },
  );
}

function resolveRoute(app: App, { prisma, temporal, fieldCipher }: ApiDependencies, find: Find): void {
  app.post(
    '/alerts/:id/resolve',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['alerts'],
        summary:
          'Resolves an urgent alert in any state (coordinators and admins): paging stops, everyone paged is told by SMS who resolved it; the note is stored encrypted and never sent',
        params,
        body: z.strictObject({
          note: safeText(
            z
              .string()
              .trim()
              .min(1, { error: 'must not be empty' })
              .max(NOTE_MAX, { error: `must be at most ${NOTE_MAX} characters` }),
            'free-text',
          ).describe('What was done: for the case file only (encrypted, never in SMS or email)'),
        }),
        response: confirmed,
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const alert = await find(caller, request.params.id);
      if (alert.caseId) request.auditCaseId = alert.caseId;
      const live = await liveStatus(temporal, alert.id);
      if (live.state === 'RESOLVED') throw new Problem(409, 'the alert is already resolved');
      if (live.resolution === undefined)
        throw new Problem(409, 'the alert was raised before alerts could be resolved: it closes by itself');
      const note = fieldCipher.encrypt(request.body.note, resolutionNoteContext(alert.publicId));
      await prisma.alert.updateMany({ where: { id: alert.id, state: { not: 'RESOLVED' } }, data: { resolutionNoteEncrypted: note } });
      await signalOpenAlert(() => temporal.workflow.getHandle(alert.id).signal(resolveAlertSignal, { by: caller.userId, via: 'api' }));
      return answerConfirmed(temporal, alert, reply, (s) => s.state === 'RESOLVED');
    },
  );
}

/**
 * Acknowledges an alerting alert; one nobody acknowledged is taken over (coordinators and admins
 * only). Answers the workflow's confirmed state, 202 when it has not confirmed it yet.
 */
export async function acknowledge(temporal: Client, alert: AlertRow, caller: Caller, reply: FastifyReply) {
  const live = await liveStatus(temporal, alert.id);
  const takeOver = live.state === 'UNACKNOWLEDGED';
  if (takeOver && !hasRole(caller, 'COORDINATOR'))
    throw new Problem(403, 'only a coordinator or an admin can take over an alert nobody acknowledged');
  if (live.state !== 'ALERTING' && !takeOver) throw new Problem(409, `the alert is already ${live.state.toLowerCase()}`);
  await signalOpenAlert(() =>
    temporal.workflow.getHandle(alert.id).signal(acknowledgeAlertSignal, { by: caller.userId, via: takeOver ? 'take-over' : 'api' }),
  );
  return answerConfirmed(temporal, alert, reply, (s) => s.acknowledgement !== null);
}

function liveStatus(temporal: Client, alertId: string): Promise<AlertStatus> {
  return temporal.workflow.getHandle(alertId).query(alertStatusQuery);
}

/** Alerts raised before take-overs existed end after their last message: those are closed for good. */
async function signalOpenAlert(signal: () => Promise<void>): Promise<void> {
  try {
    await signal();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new Problem(409, 'the alert is closed: it takes no more acknowledgements');
    throw error;
  }
}

/** The signal is handled asynchronously: waits briefly to answer with the confirmed state. */
async function answerConfirmed(temporal: Client, alert: AlertRow, reply: FastifyReply, done: (status: AlertStatus) => boolean) {
  let live = await liveStatus(temporal, alert.id);
  for (const deadline = Date.now() + CONFIRM_WAIT_MS; !done(live) && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    live = await liveStatus(temporal, alert.id);
  }
  return done(live) ? presentAlert(alert, live) : reply.code(202).send(presentAlert(alert, live));
}

/** The resolution note for a reader of the alert; null when none was written or it does not decrypt. */
function readNote(cipher: FieldCipher, alert: AlertRow, log: { error(o: object, m: string): void }): string | null {
  if (alert.resolutionNoteEncrypted === null) return null;
  try {
    return cipher.decrypt(alert.resolutionNoteEncrypted, resolutionNoteContext(alert.publicId));
  } catch (error) {
    if (!(error instanceof FieldDecryptionError)) throw error;
    log.error({ alertId: alert.publicId, problem: error.message }, 'a resolution note does not decrypt');
    return null;
  }
}
