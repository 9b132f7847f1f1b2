/**
 * Delivery of reminders, escalations and urgent alerts. Until SMTP and Twilio are configured,
 * every message goes to the outbox table and the log, plainly marked "not sent".
 * Each message is keyed by the activity attempt's stable identity, so a retry after a crash
 * never queues the same message twice.
 */
import { Context } from '@temporalio/activity';
import type { PrismaClient } from '../generated/prisma/client';
import type { RiskLevel } from '../domain/case-facts';
import type { Logger } from '../platform/logger';
import { reassessmentText, urgentText, type Language } from './message-texts';

export interface ReassessmentDue {
  caseId: string;
  caseCode: string;
  organisationId: string;
  kind: 'reminder' | 'escalation';
  dueAt: string;
  rule: string | null;
  riskLevel: RiskLevel | null;
  /** User ids (caseworker, coordinator). */
  recipients: string[];
}

export interface UrgentDelivery {
  alertId: string;
  caseCode: string;
  organisationId: string;
  trigger: string;
  /** Short code the contact quotes to acknowledge (`OK <code>`). */
  ackCode: string;
  contactId: string;
  round: number;
}

type Channel = 'email' | 'sms';

interface Recipient {
  id: string;
  email: string | null;
  phone: string | null;
  language: Language;
}

export function createNotificationActivities({ prisma, log }: { prisma: PrismaClient; log: Logger }) {
  async function queue(organisationId: string, recipient: Recipient, channel: Channel, body: string): Promise<void> {
    const address = channel === 'email' ? recipient.email : recipient.phone;
    if (!address) return;
    const { workflowExecution, activityId } = Context.current().info;
    const idempotencyKey = `${workflowExecution?.workflowId}/${workflowExecution?.runId}/${activityId}/${channel}/${recipient.id}`;
    const { count } = await prisma.outboxMessage.createMany({
      data: [{ organisationId, channel, recipientId: recipient.id, address, body, idempotencyKey }],
      skipDuplicates: true,
    });
    if (count > 0) log.info({ channel, recipientId: recipient.id, idempotencyKey }, 'message queued in the outbox: not sent');
  }

  /** Users reached through their contact card (language, phone), falling back to their login email. */
  async function users(organisationId: string, ids: string[]): Promise<Recipient[]> {
    const found = await prisma.user.findMany({
      where: { organisationId, id: { in: ids }, active: true },
      include: { contacts: { take: 1 } },
    });
    return found.map((u) => ({
      id: u.id,
      email: u.contacts[0]?.email ?? u.email,
      phone: u.contacts[0]?.phone ?? null,
      language: (u.contacts[0]?.language as Language | undefined) ?? 'sr-Latn',
    }));
  }

  return {
    async notifyReassessmentDue(notice: ReassessmentDue): Promise<void> {
      const urgentLevel = notice.riskLevel === 'HIGH' || notice.riskLevel === 'CRITICAL';
      for (const recipient of await users(notice.organisationId, notice.recipients)) {
        const body = reassessmentText(recipient.language, notice);
        await queue(notice.organisationId, recipient, 'email', body);
        // The brief: HIGH and CRITICAL escalate by SMS as well as email.
        if (notice.kind === 'escalation' && urgentLevel) await queue(notice.organisationId, recipient, 'sms', body);
      }
    },

    async deliverUrgentAlert(delivery: UrgentDelivery): Promise<void> {
      const contact = await prisma.contact.findFirst({ where: { id: delivery.contactId, organisationId: delivery.organisationId } });
      if (!contact) {
        log.warn({ contactId: delivery.contactId, alertId: delivery.alertId }, 'urgent alert contact not found in the organisation');
        return;
      }
      const recipient: Recipient = { id: contact.id, email: contact.email, phone: contact.phone, language: contact.language as Language };
      const body = urgentText(recipient.language, { caseCode: delivery.caseCode, trigger: delivery.trigger, ackCode: delivery.ackCode });
      await queue(delivery.organisationId, recipient, 'sms', body);
      await queue(delivery.organisationId, recipient, 'email', body);
    },
  };
}
