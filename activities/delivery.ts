/**
 * Sending one message, by email (SMTP) or SMS (Twilio). A channel that is not configured sends
 * nothing: its messages are recorded with status NOT_SENT (the outbox) and logged as "not sent".
 *
 * Every message is one delivery_attempts row keyed by the activity's stable identity (workflow
 * run + activity id + channel + recipient). The row is read before sending, so a retry after
 * the provider accepted a message and the row was written returns the recorded result instead of
 * sending again. The row is claimed (QUEUED, no provider id) before the message leaves: a retry
 * that finds a claim knows an earlier try died in flight, and for SMS asks Twilio whether it
 * accepted that message before sending it again. Email has no such question (SMTP): there the
 * window between the provider's acceptance and the write remains (README, "Delivery guarantees").
 *
 * Failures reach workflows as ApplicationFailures of type DeliveryFailureType: permanent ones
 * are non-retryable (move on to the next channel or contact), temporary ones retry.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DeliveryAttempt, DeliveryChannel, DeliveryStatus, MessageKind, PrismaClient } from '../generated/prisma/client';
import { emailText, smsText, type Notice } from '../domain/message-texts';
import type { MessagingConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import { DeliveryError, emailSender, smsChannel, type Accepted, type Find, type Send } from './channels';
import { addressOf, type Channel, type Recipient } from './recipients';

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

export interface Message {
  organisationId: string;
  caseId: string | null;
  alertId: string | null;
  kind: MessageKind;
  notice: Notice;
  recipient: Recipient;
  channel: Channel;
}

/** The database's name of each channel: the one place they are converted. */
const STORED_CHANNEL: Record<Channel, DeliveryChannel> = { sms: 'SMS', email: 'EMAIL' };

/** Where messages go: the outbox table, the log, and the configured provider of each channel. */
interface Outbox {
  prisma: PrismaClient;
  log: Logger;
  senders: Partial<Record<Channel, Send>>;
  /** Channels whose provider can say whether it accepted a message (SMS): a retry asks before sending again. */
  finders: Partial<Record<Channel, Find>>;
}

export function createDelivery({
  prisma,
  log,
  messaging = {},
  sendTimeoutMs = 10_000,
}: {
  prisma: PrismaClient;
  log: Logger;
  messaging?: MessagingConfig;
  sendTimeoutMs?: number;
}) {
  const sms = messaging.twilio && smsChannel(messaging.twilio, sendTimeoutMs);
  const outbox: Outbox = {
    prisma,
    log,
    senders: { email: messaging.smtp && emailSender(messaging.smtp, sendTimeoutMs), sms: sms?.send },
    finders: { sms: sms?.find },
  };
  return {
    deliver: (m: Message, address: string) => deliver(outbox, m, address),
    deliverOnChannels: (m: Omit<Message, 'channel'>, channels: Channel[]) => deliverOnChannels(outbox, m, channels),
  };
}

/** A claim row without the provider's id: an earlier try died after claiming; the provider says whether it was sent. */
async function acceptedEarlier(previous: DeliveryAttempt | null, find: Find | undefined, outgoing: Parameters<Find>[0]) {
  const claimed = previous?.status === 'QUEUED' && previous.providerMessageId === null;
  return claimed && find ? find(outgoing, previous.createdAt) : null;
}

/** Sends one message once per activity identity, recording the outcome; throws DeliveryError. */
async function deliver(outbox: Outbox, m: Message, address: string): Promise<DeliveryResult> {
  const { prisma, log, senders, finders } = outbox;
  const { workflowExecution, activityId } = Context.current().info;
  const idempotencyKey = `${workflowExecution?.workflowId}/${workflowExecution?.runId}/${activityId}/${m.channel}/${m.recipient.id}`;
  const channel = STORED_CHANNEL[m.channel];
  const logged = { channel, kind: m.kind, recipientId: m.recipient.id, alertId: m.alertId, idempotencyKey };

  const previous = await prisma.deliveryAttempt.findUnique({ where: { idempotencyKey } });
  if (previous && (previous.providerMessageId !== null || previous.status === 'NOT_SENT')) {
    log.info({ ...logged, status: previous.status }, 'message already handled by an earlier try: not sent again');
    return { status: previous.status, providerMessageId: previous.providerMessageId };
  }

  const { language, quietHours, smsWithoutDiacritics } = m.recipient;
  const reader = { language, timeZone: quietHours.timeZone, smsWithoutDiacritics };
  const { subject, text } = m.channel === 'email' ? emailText(reader, m.notice) : { subject: null, text: smsText(reader, m.notice) };
  const message = {
    organisationId: m.organisationId,
    caseId: m.caseId,
    alertId: m.alertId,
    kind: m.kind,
    contactId: m.recipient.contactId,
    userId: m.recipient.userId,
    channel,
    address,
    subject,
    body: text,
  };
  type Outcome = Pick<DeliveryAttempt, 'status' | 'providerMessageId' | 'errorCode' | 'errorMessage'>;
  // A try that finds a row is a retry: it counts; the first try's claim row already counted it.
  const record = (outcome: Outcome) =>
    prisma.deliveryAttempt.upsert({
      where: { idempotencyKey },
      create: { ...message, ...outcome, idempotencyKey },
      update: { ...message, ...outcome, ...(previous ? { tries: { increment: 1 } } : {}) },
    });

  const send = senders[m.channel];
  if (!send) {
    await record({ status: 'NOT_SENT', providerMessageId: null, errorCode: null, errorMessage: null });
    log.info(logged, `${channel} not configured: message recorded in the outbox, not sent`);
    return { status: 'NOT_SENT', providerMessageId: null };
  }
  const outgoing = { to: address, subject, body: text };
  const found = await acceptedEarlier(previous, finders[m.channel], outgoing);
  if (found) {
    await record({ ...found, errorCode: null, errorMessage: null });
    log.info({ ...logged, providerMessageId: found.providerMessageId }, 'message accepted by an earlier try that crashed: not sent again');
    return found;
  }
  // Claimed before it leaves: should this try die after the provider accepts, the retry asks the provider first.
  const claim = { status: 'QUEUED' as const, providerMessageId: null };
  await prisma.deliveryAttempt.upsert({ where: { idempotencyKey }, create: { ...message, ...claim, idempotencyKey }, update: claim });
  let accepted: Accepted;
  try {
    accepted = await send(outgoing);
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
async function deliverOnChannels(outbox: Outbox, m: Omit<Message, 'channel'>, channels: Channel[]): Promise<void> {
  const failures: { channel: Channel; error: DeliveryError }[] = [];
  let accepted = 0;
  for (const channel of channels) {
    const address = addressOf(m.recipient, channel);
    if (!address) continue;
    try {
      await deliver(outbox, { ...m, channel }, address);
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

export function isPermanent(err: unknown): boolean {
  return err instanceof ApplicationFailure && err.nonRetryable === true;
}

/** What the workflow sees: ids and codes only, never the provider's text (it may quote the number). */
export function toFailure(channel: Channel, recipientId: string, err: DeliveryError): ApplicationFailure {
  const details: DeliveryFailureDetails = { channel, recipientId, errorCode: err.code };
  const message = `${channel} to ${recipientId}: ${err.permanent ? 'permanent' : 'temporary'} delivery failure (${err.code})`;
  const type: DeliveryFailureType = err.permanent ? 'PermanentDeliveryFailure' : 'TemporaryDeliveryFailure';
  return err.permanent ? ApplicationFailure.nonRetryable(message, type, details) : ApplicationFailure.retryable(message, type, details);
}
