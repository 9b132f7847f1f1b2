/**
 * How contacts acknowledge an urgent alert without signing in: `OK <code>` (or `ACK <code>`)
 * replied to the alert SMS, or the one-click link in the alert email. An inbound SMS is first
 * read as a field visitor's command (visit-sms.ts), and each is handled once (twilio-webhooks.ts).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import { acknowledgeAlertSignal, type Acknowledgement } from '../workflows/urgent-alert';
import { onceOnly } from './twilio-webhooks';
import { visitSmsReply } from './visit-sms';

const ACK_REPLY = /^\s*(?:OK|ACK)\s+([A-Z0-9]{6})\s*$/i;

interface AcknowledgementDependencies {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
}

/**
 * Signals the alert workflow; false when the alert is over. An UNACKNOWLEDGED alert is taken
 * over only through `take-over`, by those in charge (the API checks the role; by SMS, the
 * recipients of the "nobody acknowledged" message).
 */
export async function acknowledgeAlert(
  { prisma, temporal }: Pick<AcknowledgementDependencies, 'prisma' | 'temporal'>,
  alertId: string,
  ack: Acknowledgement,
): Promise<boolean> {
  const alert = await prisma.alert.findUnique({ where: { id: alertId } });
  const open = alert?.state === 'ALERTING' || (alert?.state === 'UNACKNOWLEDGED' && ack.via === 'take-over');
  if (!open) return false;
  try {
    await temporal.workflow.getHandle(alertId).signal(acknowledgeAlertSignal, ack);
  } catch (error) {
    // Alerts raised before take-overs existed end when nobody acknowledges: nothing to take over.
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
  return true;
}

/** The answer to an inbound SMS: a visitor's command, else a contact's acknowledgement. */
async function inboundReply(deps: AcknowledgementDependencies, from: string, text: string, sentAt: Date, messageKey: string) {
  const { prisma } = deps;
  const visitReply = await visitSmsReply(deps, { from, text, sentAt, messageKey });
  if (visitReply !== null) return visitReply;
  const code = ACK_REPLY.exec(text)?.[1]?.toUpperCase();
  // The code must belong to an alert this very number was sent: a guessed code acknowledges nothing.
  // An unanswered alert is taken over by whoever was told that nobody acknowledged it.
  const candidates = code
    ? await prisma.alert.findMany({
        where: { ackCode: code, state: { in: ['ALERTING', 'UNACKNOWLEDGED'] } },
        select: { id: true, state: true },
      })
    : [];
  const ids = (state: string) => candidates.filter((c) => c.state === state).map((c) => c.id);
  const sentTo = candidates.length
    ? await prisma.deliveryAttempt.findFirst({
        where: {
          channel: 'SMS',
          address: from,
          OR: [{ alertId: { in: ids('ALERTING') } }, { kind: 'UNACKNOWLEDGED', alertId: { in: ids('UNACKNOWLEDGED') } }],
        },
        select: { contactId: true, userId: true, alertId: true, kind: true },
      })
    : null;
  const via = sentTo?.kind === 'UNACKNOWLEDGED' ? 'take-over' : 'sms';
  const acknowledged = sentTo
    ? await acknowledgeAlert(deps, sentTo.alertId!, { by: sentTo.contactId ?? sentTo.userId ?? from, via })
    : false;
  return acknowledged
    ? `Vigil: potvrđeno / acknowledged (${code}).`
    : 'Vigil: kod nije prepoznat ili je uzbuna završena / code not recognised or alert closed.';
}

/**
 * An inbound SMS (Twilio's MessageSid, sender, text), handled once: a retry or a replay gets the
 * first answer and acts on nothing. Returns the text to answer, or null while the first is at work.
 */
export function handleInboundSms(
  deps: AcknowledgementDependencies,
  sms: { messageSid: string; from: string; text: string },
): Promise<string | null> {
  const key = `inbound:${sms.messageSid}`;
  return onceOnly(deps.prisma, key, (sentAt) => inboundReply(deps, sms.from, sms.text, sentAt, key));
}
