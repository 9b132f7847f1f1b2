/**
 * The messages workflows ask for: reminders and escalations of reassessments (held back by quiet
 * hours), urgent-alert messages one channel at a time, a field visitor's reminder and notices to
 * coordinators. Sending is delivery.ts, whom a message reaches recipients.ts, who an alert
 * reaches alert-plans.ts.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { RiskLevel } from '../domain/case-facts';
import type { AlertNotice, AmbiguousPhoneNotice } from '../domain/message-texts';
import { deliverableAt } from '../domain/quiet-hours';
import { procedureFor } from '../domain/response-procedures';
import type { AckLinks } from '../platform/ack-links';
import type { MessagingConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import { issueAlertLink } from '../services/alert-links';
import { visitorOf } from '../services/field-visits';
import { DeliveryError } from './channels';
import { createDelivery, isPermanent, toFailure, type DeliveryResult, type Message } from './delivery';
import { findRecipients, addressOf, type Channel, type Recipient } from './recipients';

export interface ReassessmentDue {
  /** The case; both left out for the organisation's own safety self-assessment. */
  caseId?: string;
  caseCode?: string;
  organisationId: string;
  kind: 'reminder' | 'escalation';
  dueAt: string;
  rule: string | null;
  riskLevel: RiskLevel | null;
  /** User ids (caseworker, coordinator) or contact ids. */
  recipients: string[];
  /** When the workflow sends it (its clock, not the worker's): quiet hours are judged at this instant. */
  at: string;
}

/** A recipient in quiet hours when the notice was due: it waits until `until`. */
export interface DeferredRecipient {
  recipientId: string;
  until: string;
}

/** One urgent-alert message on one channel (deliverToContact). */
export interface ContactDelivery {
  alertId: string;
  organisationId: string;
  caseId?: string;
  /** A contact id, or a user id (the user's contact card, else their login email). */
  contactId: string;
  channel: Channel;
  /** `unacknowledged`: tells the coordinator nobody in the chain acknowledged. */
  kind: 'urgent' | 'unacknowledged';
  caseCode: string;
  trigger: string;
  ackCode: string;
  /** What `caseCode` names: a case (default) or a field visit. */
  about?: 'case' | 'visit';
}

/** The reminder a visitor gets before their visit's expected end (remindVisitor). */
export interface VisitReminder {
  organisationId: string;
  /** The visitor: a user id, reached through their contact card. */
  userId: string;
  visitCode: string;
  expectedEndAt: string;
}

/** A notice to an organisation's coordinators (notifyCoordinators). */
export interface CoordinatorNotice {
  organisationId: string;
  notice: AmbiguousPhoneNotice;
}

export interface NotificationDependencies {
  prisma: PrismaClient;
  log: Logger;
  /** SMTP and Twilio settings (loadConfig().messaging); a channel left out uses the outbox. */
  messaging?: MessagingConfig;
  /** Longest wait for the provider on one send. */
  sendTimeoutMs?: number;
  /** Makes the alert page's link in urgent messages; without it they carry the procedure's link and the SMS reply. */
  ackLinks?: AckLinks;
  /** The API's public address (API_PUBLIC_URL): urgent messages link to the response procedure there. */
  publicUrl?: string;
}

/** What the notification activities share: their dependencies and the senders built on them. */
type Senders = NotificationDependencies & ReturnType<typeof createDelivery>;

export function createNotificationActivities(deps: NotificationDependencies) {
  const senders: Senders = { ...deps, ...createDelivery(deps) };
  return {
    notifyReassessmentDue: (notice: ReassessmentDue) => notifyReassessmentDue(senders, notice),
    deliverToContact: (input: ContactDelivery) => deliverToContact(senders, input),
    remindVisitor: (reminder: VisitReminder) => remindVisitor(senders, reminder),
    notifyCoordinators: (notice: CoordinatorNotice) => notifyCoordinators(senders, notice),
  };
}

/** The organisation's response procedure for the alert's trigger, where people reach the API. */
function procedureUrl(publicUrl: string | undefined, trigger: string): string | undefined {
  const procedure = procedureFor(trigger);
  return procedure && publicUrl ? `${publicUrl.replace(/\/+$/, '')}/procedures/${procedure}` : undefined;
}

async function recipientOrFail({ prisma, log }: Senders, organisationId: string, id: string, channel: Channel): Promise<Recipient> {
  const found = (await findRecipients(prisma, organisationId, [id])).get(id);
  if (found) return found;
  log.warn({ recipientId: id, organisationId }, 'no such contact or user in the organisation');
  throw toFailure(channel, id, new DeliveryError(true, 'UNKNOWN_RECIPIENT', 'no such contact or user in the organisation'));
}

/**
 * Sends a reminder or escalation to each recipient outside their quiet hours at `notice.at`
 * by email, by SMS instead when email cannot reach the recipient (no address, refused for
 * good), HIGH and CRITICAL escalations by both; returns the others with the end of their
 * quiet hours, for the workflow to send again then.
 */
async function notifyReassessmentDue(senders: Senders, notice: ReassessmentDue): Promise<{ deferred: DeferredRecipient[] }> {
  const { prisma, log, deliverOnChannels } = senders;
  const deferred: DeferredRecipient[] = [];
  const urgentLevel = notice.riskLevel === 'HIGH' || notice.riskLevel === 'CRITICAL';
  // HIGH and CRITICAL escalate by SMS as well as email (README, "Reminders, urgent alerts and acknowledgement").
  const both = notice.kind === 'escalation' && urgentLevel;
  const reach = async (m: Omit<Message, 'channel'>) => {
    if (both) return deliverOnChannels(m, ['email', 'sms']);
    try {
      await deliverOnChannels(m, ['email']);
    } catch (err) {
      if (!isPermanent(err)) throw err;
      await deliverOnChannels(m, ['sms']);
    }
  };
  const found = await findRecipients(prisma, notice.organisationId, notice.recipients);
  let temporary: unknown;
  for (const id of notice.recipients) {
    const recipient = found.get(id);
    if (!recipient) {
      log.warn({ recipientId: id, caseId: notice.caseId }, 'reminder recipient not found in the organisation');
      continue;
    }
    const sendAt = new Date(notice.at);
    const until = deliverableAt(sendAt, recipient.quietHours);
    if (until > sendAt) {
      deferred.push({ recipientId: id, until: until.toISOString() });
      continue;
    }
    const m = {
      organisationId: notice.organisationId,
      caseId: notice.caseId ?? null,
      alertId: null,
      kind: notice.kind === 'reminder' ? ('REMINDER' as const) : ('ESCALATION' as const),
      notice:
        notice.caseCode === undefined
          ? { kind: `self-assessment-${notice.kind}` as const, dueAt: notice.dueAt }
          : { kind: notice.kind, caseCode: notice.caseCode, dueAt: notice.dueAt, rule: notice.rule },
      recipient,
    };
    try {
      await reach(m);
    } catch (err) {
      if (!isPermanent(err)) {
        temporary ??= err;
        continue;
      }
      // Recorded already; failing the case workflow would help nobody.
      log.warn({ recipientId: id, caseId: notice.caseId, kind: m.kind }, 'reminder reached no channel of the recipient');
    }
  }
  if (temporary) throw temporary;
  return { deferred };
}

/** One urgent-alert message on one channel; the workflow picks the next channel or contact on failure. */
async function deliverToContact(senders: Senders, input: ContactDelivery): Promise<DeliveryResult> {
  const { deliver } = senders;
  const { channel } = input;
  const recipient = await recipientOrFail(senders, input.organisationId, input.contactId, channel);
  const address = addressOf(recipient, channel);
  if (!address) throw toFailure(channel, recipient.id, new DeliveryError(true, 'NO_ADDRESS', `no ${input.channel} address on record`));
  const m: Message = {
    organisationId: input.organisationId,
    caseId: input.caseId ?? null,
    alertId: input.alertId,
    kind: input.kind === 'urgent' ? 'URGENT' : 'UNACKNOWLEDGED',
    notice: {
      kind: input.kind,
      caseCode: input.caseCode,
      trigger: input.trigger,
      ackCode: input.ackCode,
      procedureUrl: procedureUrl(senders.publicUrl, input.trigger),
      about: input.about,
      ...(await alertPageAndStaff(senders, input.alertId, recipient.id)),
    },
    recipient,
    channel,
  };
  try {
    return await deliver(m, address);
  } catch (err) {
    throw err instanceof DeliveryError ? toFailure(channel, recipient.id, err) : err;
  }
}

/**
 * The recipient's link to the alert's page (the same in each message of the alert to them), and
 * for a visit's alert the staff member to call. Neither may keep an alert from going out.
 */
async function alertPageAndStaff(senders: Senders, alertId: string, recipientId: string): Promise<Pick<AlertNotice, 'pageUrl' | 'staff'>> {
  const { prisma, ackLinks, log } = senders;
  try {
    const alert = await prisma.alert.findUnique({ where: { id: alertId }, select: { fieldVisitId: true } });
    if (!alert) return {};
    const pageUrl = ackLinks ? await issueAlertLink(prisma, ackLinks, alertId, recipientId) : undefined;
    const staff = alert.fieldVisitId ? ((await visitorOf(prisma, alert.fieldVisitId)) ?? undefined) : undefined;
    return { pageUrl, staff };
  } catch (error) {
    log.warn({ alertId, err: error }, 'alert message sent without its page link or staff member');
    return {};
  }
}

/**
 * The visitor's reminder before the expected end: by SMS (they are in the field), by email
 * when SMS cannot reach them. Never held back by quiet hours: the visit is work in progress.
 */
async function remindVisitor(senders: Senders, reminder: VisitReminder): Promise<void> {
  const { deliverOnChannels } = senders;
  const recipient = await recipientOrFail(senders, reminder.organisationId, reminder.userId, 'sms');
  const m = {
    organisationId: reminder.organisationId,
    caseId: null,
    alertId: null,
    kind: 'REMINDER' as const,
    notice: { kind: 'visit-reminder' as const, visitCode: reminder.visitCode, expectedEndAt: reminder.expectedEndAt },
    recipient,
  };
  try {
    await deliverOnChannels(m, ['sms']);
  } catch (err) {
    if (!isPermanent(err)) throw err;
    await deliverOnChannels(m, ['email']);
  }
}

/** A notice to the organisation's coordinators (its admins when it has none), by email and SMS. */
async function notifyCoordinators(senders: Senders, { organisationId, notice }: CoordinatorNotice): Promise<void> {
  const { prisma, deliverOnChannels } = senders;
  const inCharge = async (role: 'COORDINATOR' | 'ADMIN') =>
    (await prisma.user.findMany({ where: { organisationId, role, active: true }, select: { id: true } })).map((u) => u.id);
  const coordinators = await inCharge('COORDINATOR');
  const found = await findRecipients(prisma, organisationId, coordinators.length ? coordinators : await inCharge('ADMIN'));
  for (const recipient of found.values()) {
    const m = { organisationId, caseId: null, alertId: null, kind: 'ESCALATION' as const, notice, recipient };
    // One unreachable coordinator must not keep the others from being told.
    await deliverOnChannels(m, ['email', 'sms']).catch((err: unknown) => {
      if (!isPermanent(err)) throw err;
    });
  }
}
