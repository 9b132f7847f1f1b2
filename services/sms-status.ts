/**
 * What Twilio reports about the SMS Vigil sent: each status callback (signature-checked by the
 * API) is recorded once on its delivery attempt, and an undelivered or failed alert SMS tells the
 * alert's workflow at once, so the next contact is not kept waiting.
 */
import type { Client } from '@temporalio/client';
import type { DeliveryAttempt, DeliveryStatus, PrismaClient } from '../generated/prisma/client';
import { deliveryReportSignal } from '../workflows/urgent-alert';
import { onceOnly } from './twilio-webhooks';

const FAILED_STATUSES = new Set(['UNDELIVERED', 'FAILED']);

/** Twilio's message statuses in Vigil's words; null for statuses that say nothing new. */
export function deliveryStatusFromTwilio(status: string): DeliveryStatus | null {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 'QUEUED';
    case 'sent':
      return 'SENT';
    case 'delivered':
    case 'read':
      return 'DELIVERED';
    case 'undelivered':
      return 'UNDELIVERED';
    case 'failed':
    case 'canceled':
      return 'FAILED';
    default:
      return null;
  }
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

/** A status callback, handled once per message and status: a retry or a replay acts on nothing. */
export async function handleSmsStatus(deps: { prisma: PrismaClient; temporal: Client }, callback: SmsStatusCallback): Promise<void> {
  await onceOnly(deps.prisma, `status:${callback.messageSid}:${callback.messageStatus}`, async () => {
    const attempt = await recordSmsStatus(deps.prisma, callback);
    if (attempt?.alertId && FAILED_STATUSES.has(attempt.status) && (attempt.contactId ?? attempt.userId)) {
      await deps.temporal.workflow
        .getHandle(attempt.alertId)
        .signal(deliveryReportSignal, {
          contactId: (attempt.contactId ?? attempt.userId)!,
          channel: 'sms',
          status: attempt.status as 'UNDELIVERED' | 'FAILED',
        })
        // The alert may be over already; the status is recorded either way.
        .catch(() => undefined);
    }
    return null;
  });
}
