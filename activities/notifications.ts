/**
 * Delivery of reminders, escalations and urgent alerts, by email (SMTP) and SMS (Twilio). A
 * channel that is not configured sends nothing: its messages are recorded with status NOT_SENT
 * (the outbox) and logged as "not sent".
 *
 * Every message is one delivery_attempts row keyed by the activity's stable identity (workflow
 * run + activity id + channel + recipient). The row is read before sending, so a retry after
 * the provider accepted a message and the row was written returns the recorded result instead of
 * sending again. What remains is the window between the provider's acceptance and that write
 * (README, "Delivery guarantees").
 *
 * Failures reach workflows as ApplicationFailures of type DeliveryFailureType: permanent ones
 * are non-retryable (move on to the next channel or contact), temporary ones retry.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DeliveryAttempt, DeliveryChannel, DeliveryStatus, MessageKind, PrismaClient } from '../generated/prisma/client';
import type { RiskLevel } from '../domain/case-facts';
import { deliverableAt, type QuietHours } from '../domain/quiet-hours';
import { procedureFor } from '../domain/response-procedures';
import type { AckLinks } from '../platform/ack-links';
import type { MessagingConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import { DeliveryError, deliveryStatusFromTwilio, emailSender, smsSender, type Accepted, type Send } from './channels';
import { emailText, smsText, type AmbiguousPhoneNotice, type Language, type Notice } from './message-texts';

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

export type Channel = 'sms' | 'email';

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
  ackUrl?: string;
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

export interface DeliveryResult {
  /** QUEUED or SENT once the provider accepted; NOT_SENT: recorded in the outbox. */
  status: DeliveryStatus;
  providerMessageId: string | null;
}

/** The `type` of the ApplicationFailures delivery activities throw. */
export type DeliveryFailureType = 'PermanentDeliveryFailure' | 'TemporaryDeliveryFailure';

/** `details[0]` of those failures. */
export interface DeliveryFailureDetails {
  channel: Channel;
  recipientId: string;
  /** Provider code (21211, 550, ECONNRESET, ...), or UNKNOWN_RECIPIENT / NO_ADDRESS. */
  errorCode: string;
}

/** Who is alerted for a case, in order (loadEscalationChain). */
export interface EscalationPlan {
  /** Contacts of one level are alerted together; the next level after `timeoutMs` without acknowledgement. */
  levels: { contactIds: string[]; timeoutMs: number }[];
  /** Times the whole chain is walked again after the first pass. */
  repeats: number;
  /** Told when nobody acknowledges: the case's COORDINATOR contacts, else its coordinator (a user id). */
  coordinatorIds: string[];
}

export interface NotificationDependencies {
  prisma: PrismaClient;
  log: Logger;
  /** SMTP and Twilio settings (loadConfig().messaging); a channel left out uses the outbox. */
  messaging?: MessagingConfig;
  /** Longest wait for the provider on one send. */
  sendTimeoutMs?: number;
  /** Signs the one-click acknowledgement link of urgent emails; without it they carry only the SMS reply. */
  ackLinks?: AckLinks;
  /** The API's public address (API_PUBLIC_URL): urgent messages link to the response procedure there. */
  publicUrl?: string;
}

/** How long a level of designated (or safety) contacts waits for an acknowledgement. */
export const DEFAULT_LEVEL_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_REPEATS = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Recipient {
  /** The id the recipient was asked for by (part of the idempotency key). */
  id: string;
  contactId: string | null;
  userId: string | null;
  email: string | null;
  /** Where SMS go: null when the card has no phone or keeps it for calls only. */
  phone: string | null;
  language: Language;
  quietHours: QuietHours;
}

interface Message {
  organisationId: string;
  caseId: string | null;
  alertId: string | null;
  kind: MessageKind;
  notice: Notice;
  recipient: Recipient;
  channel: DeliveryChannel;
}

export function createNotificationActivities({
  prisma,
  log,
  messaging = {},
  sendTimeoutMs = 10_000,
  ackLinks,
  publicUrl,
}: NotificationDependencies) {
  const senders: Partial<Record<DeliveryChannel, Send>> = {
    EMAIL: messaging.smtp && emailSender(messaging.smtp, sendTimeoutMs),
    SMS: messaging.twilio && smsSender(messaging.twilio, sendTimeoutMs),
  };

  /** Sends one message once per activity identity, recording the outcome; throws DeliveryError. */
  async function deliver(m: Message, address: string): Promise<DeliveryResult> {
    const { workflowExecution, activityId } = Context.current().info;
    const idempotencyKey = `${workflowExecution?.workflowId}/${workflowExecution?.runId}/${activityId}/${m.channel.toLowerCase()}/${m.recipient.id}`;
    const logged = { channel: m.channel, kind: m.kind, recipientId: m.recipient.id, alertId: m.alertId, idempotencyKey };

    const previous = await prisma.deliveryAttempt.findUnique({ where: { idempotencyKey } });
    if (previous && (previous.providerMessageId !== null || previous.status === 'NOT_SENT')) {
      log.info({ ...logged, status: previous.status }, 'message already handled by an earlier try: not sent again');
      return { status: previous.status, providerMessageId: previous.providerMessageId };
    }

    const reader = { language: m.recipient.language, timeZone: m.recipient.quietHours.timeZone };
    const { subject, text } = m.channel === 'EMAIL' ? emailText(reader, m.notice) : { subject: null, text: smsText(reader, m.notice) };
    const message = {
      organisationId: m.organisationId,
      caseId: m.caseId,
      alertId: m.alertId,
      kind: m.kind,
      contactId: m.recipient.contactId,
      userId: m.recipient.userId,
      channel: m.channel,
      address,
      subject,
      body: text,
    };
    const record = (outcome: Pick<DeliveryAttempt, 'status' | 'providerMessageId' | 'errorCode' | 'errorMessage'>) =>
      prisma.deliveryAttempt.upsert({
        where: { idempotencyKey },
        create: { ...message, ...outcome, idempotencyKey },
        update: { ...message, ...outcome, tries: { increment: 1 } },
      });

    const send = senders[m.channel];
    if (!send) {
      await record({ status: 'NOT_SENT', providerMessageId: null, errorCode: null, errorMessage: null });
      log.info(logged, `${m.channel} not configured: message recorded in the outbox, not sent`);
      return { status: 'NOT_SENT', providerMessageId: null };
    }
    let accepted: Accepted;
    try {
      accepted = await send({ to: address, subject, body: text });
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      await record({ status: 'FAILED', providerMessageId: null, errorCode: err.code, errorMessage: err.message });
      log.warn({ ...logged, errorCode: err.code, permanent: err.permanent }, 'message not delivered');
      throw err;
    }
    await record({ ...accepted, errorCode: null, errorMessage: null });
    log.info({ ...logged, status: accepted.status, providerMessageId: accepted.providerMessageId }, 'message sent');
    return accepted;
  }

  /**
   * Every channel of the recipient that has an address, in order. Throws a temporary failure
   * after trying them all (a retry skips those done), or a permanent one when none took it.
   */
  async function deliverOnChannels(m: Omit<Message, 'channel'>, channels: DeliveryChannel[]): Promise<void> {
    const failures: { channel: DeliveryChannel; error: DeliveryError }[] = [];
    let accepted = 0;
    for (const channel of channels) {
      const address = addressOf(m.recipient, channel);
      if (!address) continue;
      try {
        await deliver({ ...m, channel }, address);
        accepted++;
      } catch (err) {
        if (!(err instanceof DeliveryError)) throw err;
        failures.push({ channel, error: err });
      }
    }
    const temporary = failures.find((f) => !f.error.permanent);
    if (temporary) throw toFailure(temporary.channel, m.recipient.id, temporary.error);
    if (accepted === 0) {
      const first = failures[0] ?? { channel: channels[0], error: new DeliveryError(true, 'NO_ADDRESS', 'no phone or email on record') };
      throw toFailure(first.channel, m.recipient.id, first.error);
    }
  }

  /** Contacts by id, then users by id (through their first contact card); other ids are left out. */
  async function recipients(organisationId: string, ids: string[]): Promise<Map<string, Recipient>> {
    const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
    const found = new Map<string, Recipient>();
    for (const c of await prisma.contact.findMany({ where: { organisationId, id: { in: wanted } } })) {
      found.set(c.id, {
        id: c.id,
        contactId: c.id,
        userId: c.userId,
        email: c.email,
        phone: smsPhone(c),
        language: c.language as Language,
        quietHours: quietHoursOf(c),
      });
    }
    const rest = wanted.filter((id) => !found.has(id));
    const users = rest.length
      ? await prisma.user.findMany({
          where: { organisationId, id: { in: rest }, active: true },
          include: { contacts: { orderBy: { createdAt: 'asc' }, take: 1 } },
        })
      : [];
    for (const u of users) {
      const card = u.contacts[0];
      found.set(u.id, {
        id: u.id,
        contactId: card?.id ?? null,
        userId: u.id,
        email: card?.email ?? u.email,
        phone: card ? smsPhone(card) : null,
        language: (card?.language as Language | undefined) ?? 'sr-Latn',
        quietHours: quietHoursOf(card),
      });
    }
    return found;
  }

  /** The organisation's response procedure for the alert's trigger, where people reach the API. */
  function procedureUrl(trigger: string): string | undefined {
    const procedure = procedureFor(trigger);
    return procedure && publicUrl ? `${publicUrl.replace(/\/+$/, '')}/procedures/${procedure}` : undefined;
  }

  async function recipientOrFail(organisationId: string, id: string, channel: DeliveryChannel): Promise<Recipient> {
    const found = (await recipients(organisationId, [id])).get(id);
    if (found) return found;
    log.warn({ recipientId: id, organisationId }, 'no such contact or user in the organisation');
    throw toFailure(channel, id, new DeliveryError(true, 'UNKNOWN_RECIPIENT', 'no such contact or user in the organisation'));
  }

  return {
    /**
     * Reminder or escalation by email, by SMS instead when email cannot reach the recipient (no
     * address, refused for good); HIGH and CRITICAL escalations by both.
     */
    /**
     * Sends a reminder or escalation to each recipient outside their quiet hours at `notice.at`;
     * returns the others with the end of their quiet hours, for the workflow to send again then.
     */
    async notifyReassessmentDue(notice: ReassessmentDue): Promise<{ deferred: DeferredRecipient[] }> {
      const deferred: DeferredRecipient[] = [];
      const urgentLevel = notice.riskLevel === 'HIGH' || notice.riskLevel === 'CRITICAL';
      // The brief: HIGH and CRITICAL escalate by SMS as well as email.
      const both = notice.kind === 'escalation' && urgentLevel;
      const reach = async (m: Omit<Message, 'channel'>) => {
        if (both) return deliverOnChannels(m, ['EMAIL', 'SMS']);
        try {
          await deliverOnChannels(m, ['EMAIL']);
        } catch (err) {
          if (!isPermanent(err)) throw err;
          await deliverOnChannels(m, ['SMS']);
        }
      };
      const found = await recipients(notice.organisationId, notice.recipients);
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
    },

    /** One urgent-alert message on one channel; the workflow picks the next channel or contact on failure. */
    async deliverToContact(input: ContactDelivery): Promise<DeliveryResult> {
      const channel: DeliveryChannel = input.channel === 'sms' ? 'SMS' : 'EMAIL';
      const recipient = await recipientOrFail(input.organisationId, input.contactId, channel);
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
          ackUrl: input.ackUrl ?? (input.kind === 'urgent' ? ackLinks?.url(input.alertId, recipient.id) : undefined),
          procedureUrl: procedureUrl(input.trigger),
          about: input.about,
        },
        recipient,
        channel,
      };
      try {
        return await deliver(m, address);
      } catch (err) {
        throw err instanceof DeliveryError ? toFailure(channel, recipient.id, err) : err;
      }
    },

    /**
     * The visitor's reminder before the expected end: by SMS (they are in the field), by email
     * when SMS cannot reach them. Never held back by quiet hours: the visit is work in progress.
     */
    async remindVisitor(reminder: VisitReminder): Promise<void> {
      const recipient = await recipientOrFail(reminder.organisationId, reminder.userId, 'SMS');
      const m = {
        organisationId: reminder.organisationId,
        caseId: null,
        alertId: null,
        kind: 'REMINDER' as const,
        notice: { kind: 'visit-reminder' as const, visitCode: reminder.visitCode, expectedEndAt: reminder.expectedEndAt },
        recipient,
      };
      try {
        await deliverOnChannels(m, ['SMS']);
      } catch (err) {
        if (!isPermanent(err)) throw err;
        await deliverOnChannels(m, ['EMAIL']);
      }
    },

    /** A notice to the organisation's coordinators (its admins when it has none), by email and SMS. */
    async notifyCoordinators({ organisationId, notice }: CoordinatorNotice): Promise<void> {
      const inCharge = async (role: 'COORDINATOR' | 'ADMIN') =>
        (await prisma.user.findMany({ where: { organisationId, role, active: true }, select: { id: true } })).map((u) => u.id);
      const coordinators = await inCharge('COORDINATOR');
      const found = await recipients(organisationId, coordinators.length ? coordinators : await inCharge('ADMIN'));
      for (const recipient of found.values()) {
        const m = { organisationId, caseId: null, alertId: null, kind: 'ESCALATION' as const, notice, recipient };
        // One unreachable coordinator must not keep the others from being told.
        await deliverOnChannels(m, ['EMAIL', 'SMS']).catch((err: unknown) => {
          if (!isPermanent(err)) throw err;
        });
      }
    },

    /**
     * The case's designated contacts (by their level), then the organisation's chain without the
     * contacts already in it. Designated levels wait the default 5 minutes. While the case's
     * latest assessment of provider risk is HIGH or CRITICAL, the organisation's duty coordinator
     * is alerted with the first level (staff are in danger too).
     */
    async loadEscalationChain(organisationId: string, caseId?: string): Promise<EscalationPlan> {
      const chain = await prisma.escalationChain.findUnique({
        where: { organisationId },
        include: {
          levels: {
            orderBy: { position: 'asc' },
            include: { contacts: { orderBy: { contactId: 'asc' }, include: { contact: { select: { organisationId: true } } } } },
          },
        },
      });
      const designated =
        caseId && UUID.test(caseId)
          ? await prisma.case.findFirst({
              where: { id: caseId, organisationId },
              select: {
                coordinatorId: true,
                contacts: { where: { contact: { organisationId } }, orderBy: [{ level: 'asc' }, { contactId: 'asc' }] },
                // An assessment that left provider risk out does not end it: the latest one that assessed it counts.
                assessments: {
                  where: { providerRisk: { not: null } },
                  orderBy: [{ at: 'desc' }, { createdAt: 'desc' }],
                  take: 1,
                  select: { providerRisk: true },
                },
                organisation: { select: { dutyCoordinatorContactId: true } },
              },
            })
          : null;
      const providerRisk = designated?.assessments[0]?.providerRisk;
      const dutyId = designated?.organisation.dutyCoordinatorContactId;
      const duty =
        dutyId && (providerRisk === 'HIGH' || providerRisk === 'CRITICAL')
          ? await prisma.contact.findFirst({ where: { id: dutyId, organisationId }, select: { id: true } })
          : null;

      const levels: EscalationPlan['levels'] = [];
      const alerted = new Set<string>();
      const addLevel = (contactIds: string[], timeoutMs: number) => {
        const fresh = contactIds.filter((id) => !alerted.has(id));
        fresh.forEach((id) => alerted.add(id));
        if (fresh.length) levels.push({ contactIds: fresh, timeoutMs });
      };
      const byLevel = new Map<number, string[]>();
      for (const c of designated?.contacts ?? []) byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), c.contactId]);
      const designatedLevels = [...byLevel.values()];
      if (duty) designatedLevels.length ? designatedLevels[0].push(duty.id) : designatedLevels.push([duty.id]);
      for (const ids of designatedLevels) addLevel(ids, DEFAULT_LEVEL_TIMEOUT_MS);
      for (const level of chain?.levels ?? []) {
        const ids = level.contacts.filter((c) => c.contact.organisationId === organisationId).map((c) => c.contactId);
        addLevel(ids, level.timeoutSeconds * 1000);
      }

      const coordinators = (designated?.contacts ?? []).filter((c) => c.role === 'COORDINATOR').map((c) => c.contactId);
      return {
        levels,
        repeats: chain?.repeatCount ?? DEFAULT_REPEATS,
        coordinatorIds: coordinators.length ? coordinators : designated ? [designated.coordinatorId] : [],
      };
    },

    /** Time zone and quiet hours of each recipient found (contact or user id), for domain/quiet-hours.ts. */
    async loadQuietHours(organisationId: string, recipientIds: string[]): Promise<Record<string, QuietHours>> {
      const found = await recipients(organisationId, recipientIds);
      return Object.fromEntries([...found].map(([id, r]) => [id, r.quietHours]));
    },
  };
}

export interface SmsStatusCallback {
  /** Twilio's MessageSid, MessageStatus and ErrorCode form fields. */
  messageSid: string;
  messageStatus: string;
  errorCode?: string;
}

/**
 * Records a (signature-checked) Twilio status callback on its attempt. Callbacks may arrive out
 * of order, so a status only moves forward (queued, sent, then delivered / undelivered / failed).
 * Returns the attempt (its alertId and contactId tell whom to signal), or null when unknown.
 */
export async function recordSmsStatus(prisma: PrismaClient, callback: SmsStatusCallback): Promise<DeliveryAttempt | null> {
  const status = deliveryStatusFromTwilio(callback.messageStatus);
  if (status) {
    await prisma.deliveryAttempt.updateMany({
      where: { providerMessageId: callback.messageSid, channel: 'SMS', status: { in: EARLIER_STATUSES[status] } },
      data: { status, ...(callback.errorCode ? { errorCode: callback.errorCode } : {}) },
    });
  }
  return prisma.deliveryAttempt.findFirst({ where: { providerMessageId: callback.messageSid, channel: 'SMS' } });
}

const EARLIER_STATUSES: Record<DeliveryStatus, DeliveryStatus[]> = {
  QUEUED: [],
  SENT: ['QUEUED'],
  DELIVERED: ['QUEUED', 'SENT'],
  UNDELIVERED: ['QUEUED', 'SENT'],
  FAILED: ['QUEUED', 'SENT'],
  NOT_SENT: [],
};

function isPermanent(err: unknown): boolean {
  return err instanceof ApplicationFailure && err.nonRetryable === true;
}

/** A user without a contact card has the contacts' defaults: Belgrade, no quiet hours. */
function quietHoursOf(contact: QuietHours | undefined): QuietHours {
  return {
    timeZone: contact?.timeZone ?? 'Europe/Belgrade',
    quietHoursStart: contact?.quietHoursStart ?? null,
    quietHoursEnd: contact?.quietHoursEnd ?? null,
  };
}

/** A card's phone for SMS: none where it is kept for calls only (a landline, `sms` false). */
function smsPhone(card: { phone: string | null; sms: boolean }): string | null {
  return card.sms ? card.phone : null;
}

function addressOf(recipient: Recipient, channel: DeliveryChannel): string | null {
  return channel === 'SMS' ? recipient.phone : recipient.email;
}

/** What the workflow sees: ids and codes only, never the provider's text (it may quote the number). */
function toFailure(deliveryChannel: DeliveryChannel, recipientId: string, err: DeliveryError): ApplicationFailure {
  const channel: Channel = deliveryChannel === 'SMS' ? 'sms' : 'email';
  const details: DeliveryFailureDetails = { channel, recipientId, errorCode: err.code };
  const message = `${channel} to ${recipientId}: ${err.permanent ? 'permanent' : 'temporary'} delivery failure (${err.code})`;
  const type: DeliveryFailureType = err.permanent ? 'PermanentDeliveryFailure' : 'TemporaryDeliveryFailure';
  return err.permanent ? ApplicationFailure.nonRetryable(message, type, details) : ApplicationFailure.retryable(message, type, details);
}
