/**
 * SMS commands from a visitor's own phone: `SAFE [pin]`, `PANIC`, `EXTEND <minutes> [pin]`
 * (Serbian: BEZBEDNO, PANIKA, PRODUZI). Once PINs are set, SAFE and EXTEND need one: whoever holds
 * the phone must not end or postpone the alarm; PANIC never does.
 *
 * Whose visit a command means: the sender's number must be on the user's OWN card (a card linked
 * to the user, in the user's organisation), and the visit must be that user's, ACTIVE (for SAFE
 * also one whose deadline passed in the last LATE_CHECK_IN_HOURS: the late check-in that resolves
 * its alarm), in that organisation, and started before the command was sent. Cards without a user (anyone may type
 * any number on one) never route a command. The API lets a number be on one user's cards only
 * (api/contacts.ts); should older data still give it to several users, SAFE and EXTEND act on
 * nothing (the sender is told to use the app, each organisation's coordinators are told), and
 * PANIC alerts every visit the number could mean: a panic is never lost.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { FieldVisit, PrismaClient, User } from '../generated/prisma/client';
import { extendedEnd, LATE_CHECK_IN_HOURS, MAX_EXTENSION_MINUTES } from '../domain/field-visits';
import { organisationWorkflowId } from '../domain/workflow-ids';
import { coordinatorNoticeWorkflow } from '../workflows/coordinator-notice';
import { fieldVisitUpdates } from '../workflows/field-visit';
import { actOnVisit, VisitOverError } from './field-visits';
import { checkVisitPin, PIN_LOCK_MINUTES } from './visit-pins';

const SMS_COMMAND = /^\s*(SAFE|BEZBEDNO|PANIC|PANIKA|EXTEND|PRODUZI)(?:\s+(\d{1,8}))?(?:\s+(\d{1,8}))?\s*$/i;
const SMS_REPLY = {
  checkedIn: (code: string) => `Vigil: ${code} zavrsena, hvala / ${code} checked in, thank you.`,
  extended: (code: string, until: string) => `Vigil: ${code} produzena do ${until} / ${code} extended until ${until}.`,
  panic: (code: string) => `Vigil: ${code} uzbuna poslata / ${code} alert sent.`,
  /** PANIC from a number of several users: no code, which could be another organisation's. */
  panicEverywhere: 'Vigil: uzbuna poslata / alert sent.',
  wrongPin: 'Vigil: PIN nije prepoznat / PIN not recognised.',
  locked: `Vigil: previse pogresnih PIN-ova, PIN se ne prima ${PIN_LOCK_MINUTES} min / too many wrong PINs: no PIN is taken for ${PIN_LOCK_MINUTES} minutes, even the right one.`,
  useTheApp: 'Vigil: ovaj broj nije jednoznacan, javite se u aplikaciji / this number is not yours alone: check in in the Vigil app.',
  noVisit: 'Vigil: nema aktivne posete za ovaj broj / no active field visit for this number.',
  badExtension: `Vigil: PRODUZI 1-${MAX_EXTENSION_MINUTES} / EXTEND 1-${MAX_EXTENSION_MINUTES} (minutes).`,
};

export interface InboundSms {
  from: string;
  text: string;
  /** When it was sent: Twilio's form has no time, so when it first reached the API (twilio-webhooks.ts). */
  sentAt: Date;
  /** Names the message once (its MessageSid): what it starts elsewhere is started once. */
  messageKey: string;
}

interface SmsDependencies {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
}

/** A staff member the number belongs to: a user whose own card holds it. */
interface Holder {
  userId: string;
  organisationId: string;
  timeZone: string;
}
type ActiveVisit = FieldVisit & { user: User };

/**
 * A visitor's SMS reply (Twilio's signed inbound webhook). Returns the text to answer, or null
 * when the message is no visit command. A duress check-in gets the very same answer as a check-in.
 */
export async function visitSmsReply(deps: SmsDependencies, sms: InboundSms): Promise<string | null> {
  const command = SMS_COMMAND.exec(sms.text);
  if (!command) return null;
  const [, word, number, extensionPin] = command;
  const panic = /^PANI[CK]A?$/i.test(word);
  const safe = /^(SAFE|BEZBEDNO)$/i.test(word);
  const holders = await holdersOf(deps.prisma, sms.from);
  // A check-in or a panic is still taken after a missed deadline, within the late window.
  const visits = await activeVisits(deps.prisma, holders, sms.sentAt, safe || panic);
  if (new Set(holders.map((h) => h.userId)).size > 1) {
    if (panic) await Promise.all(visits.map((visit) => actOnVisit(deps, visit, fieldVisitUpdates.panic).catch(overMeanwhile)));
    await tellCoordinators(deps, sms, holders);
    return !panic ? SMS_REPLY.useTheApp : visits.length ? SMS_REPLY.panicEverywhere : SMS_REPLY.noVisit;
  }
  const visit = visits[0];
  if (!visit) return SMS_REPLY.noVisit;
  try {
    if (panic) {
      await actOnVisit(deps, visit, fieldVisitUpdates.panic);
      return SMS_REPLY.panic(visit.visitCode);
    }
    if (safe) return await checkIn(deps, visit, number);
    return await extend(deps, visit, Number(number), extensionPin, holders[0].timeZone);
  } catch (error) {
    // Ended meanwhile (409), or an extension past 24 hours refused by the workflow.
    if (error instanceof VisitOverError || error instanceof WorkflowUpdateFailedError)
      return error instanceof VisitOverError ? SMS_REPLY.noVisit : SMS_REPLY.badExtension;
    throw error;
  }
}

async function checkIn(deps: SmsDependencies, visit: ActiveVisit, pin: string | undefined): Promise<string> {
  const verdict = await checkVisitPin(deps, visit, visit.user, pin);
  if (verdict === 'locked') return SMS_REPLY.locked;
  if (verdict === 'wrong') return SMS_REPLY.wrongPin;
  await actOnVisit(deps, visit, fieldVisitUpdates.checkIn, { duress: verdict === 'duress' });
  return SMS_REPLY.checkedIn(visit.visitCode);
}

async function extend(deps: SmsDependencies, visit: ActiveVisit, minutes: number, pin: string | undefined, timeZone: string) {
  if (!(minutes >= 1 && minutes <= MAX_EXTENSION_MINUTES)) return SMS_REPLY.badExtension;
  const verdict = await checkVisitPin(deps, visit, visit.user, pin);
  if (verdict === 'locked') return SMS_REPLY.locked;
  if (verdict === 'wrong') return SMS_REPLY.wrongPin;
  // The duress PIN: the visit ends with the silent alert; the phone reads the extension it asked for.
  const end =
    verdict === 'duress'
      ? (await actOnVisit(deps, visit, fieldVisitUpdates.checkIn, { duress: true }),
        extendedEnd(visit.expectedEndAt.getTime(), minutes, Date.now()))
      : Date.parse((await actOnVisit(deps, visit, fieldVisitUpdates.extend, { minutes })).expectedEndAt);
  const until = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(end));
  return SMS_REPLY.extended(visit.visitCode, until);
}

/** The active users whose own card (in their own organisation) holds `phone`. */
async function holdersOf(prisma: PrismaClient, phone: string): Promise<Holder[]> {
  const cards = await prisma.contact.findMany({
    where: { phone, user: { is: { active: true } } },
    select: { organisationId: true, userId: true, timeZone: true, user: { select: { organisationId: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return cards
    .filter((card) => card.user?.organisationId === card.organisationId)
    .map((card) => ({ userId: card.userId!, organisationId: card.organisationId, timeZone: card.timeZone }));
}

/**
 * The holders' visits that were under way when the command was sent, each in its holder's
 * organisation; with `late`, also those whose deadline passed recently (a late check-in or panic).
 */
async function activeVisits(prisma: PrismaClient, holders: Holder[], sentAt: Date, late: boolean): Promise<ActiveVisit[]> {
  if (!holders.length) return [];
  const missedSince = new Date(sentAt.getTime() - LATE_CHECK_IN_HOURS * 3_600_000);
  return prisma.fieldVisit.findMany({
    where: {
      startedAt: { lte: sentAt },
      OR: holders.map((h) => ({ userId: h.userId, organisationId: h.organisationId })),
      AND: { OR: [{ state: 'ACTIVE' }, ...(late ? [{ state: 'MISSED' as const, endedAt: { gt: missedSince } }] : [])] },
    },
    include: { user: true },
    orderBy: { startedAt: 'desc' },
  });
}

/** A visit that ended while the panic went out has alerted or ended safe already. */
function overMeanwhile(error: unknown): void {
  if (!(error instanceof VisitOverError || error instanceof WorkflowUpdateFailedError)) throw error;
}

/** Each organisation whose staff the number names learns that its commands were refused (once per message). */
async function tellCoordinators(deps: SmsDependencies, sms: InboundSms, holders: Holder[]): Promise<void> {
  for (const organisationId of new Set(holders.map((h) => h.organisationId))) {
    await deps.temporal.workflow
      .start(coordinatorNoticeWorkflow, {
        taskQueue: deps.taskQueue,
        workflowId: organisationWorkflowId(organisationId, `sms-ambiguous/${sms.messageKey}`),
        args: [{ organisationId, notice: { kind: 'sms-ambiguous', phoneEnding: sms.from.slice(-4) } }],
      })
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      });
  }
}
