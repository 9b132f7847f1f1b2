/**
 * The SQL mirror of each urgent alert: coordinators list alerts and read their detail from it,
 * and an SMS reply `OK <code>` finds its alert through it. The workflow stays the source of truth.
 * Also the word to everyone an alert paged when someone takes it over or resolves it.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { AlertUpdateNotice } from '../domain/message-texts';
import type { EscalationPlan } from './alert-plans';
import { createDelivery, isPermanent, type Message } from './delivery';
import type { NotificationDependencies } from './notifications';
import { findRecipients, UUID, type Channel, type Recipient } from './recipients';

export interface AlertRecord {
  alertId: string;
  organisationId: string;
  /** Absent for a field visit's alert, which names its visit instead. */
  caseId?: string;
  fieldVisitId?: string;
  trigger: string;
  ackCode: string;
  state: 'ALERTING' | 'ACKNOWLEDGED' | 'UNACKNOWLEDGED' | 'RESOLVED';
  raisedAt: string;
  acknowledgement: { by: string; via: string; at: string } | null;
  /** Alerts raised before these were kept leave them out. */
  plan?: EscalationPlan | null;
  attempts?: { contactId: string; channel: Channel; round: number; level: number; at: string; outcome: string }[];
  resolution?: { by: string; via: string; at: string } | null;
}

/** Tells the contacts an alert paged who took it over or resolved it (notifyAlertUpdate). */
export interface AlertUpdate {
  alertId: string;
  organisationId: string;
  caseId?: string;
  caseCode: string;
  about?: 'case' | 'visit';
  /** taken: acknowledged or taken over; safe: the visitor checked in safe. */
  kind: 'taken' | 'resolved' | 'safe';
  /** Who: a contact id, a user id, or the phone number that replied; never told their own update. */
  by: string;
  /** Everyone the alert paged: contact or user ids. */
  recipientIds: string[];
}

/** A name in an SMS: long ones are cut so every update fits in two segments. */
const NAME_IN_SMS = 24;

export function createAlertActivities(deps: NotificationDependencies) {
  const { prisma } = deps;
  const { deliverOnChannels } = createDelivery(deps);
  return {
    /**
     * By SMS (by email to those without one), once per contact; a contact no channel reaches is
     * left out. Throws after trying everyone when a send failed for now: the retry sends the rest.
     */
    async notifyAlertUpdate(update: AlertUpdate): Promise<void> {
      const { organisationId } = update;
      const by = (await nameOf(prisma, organisationId, update.by)).slice(0, NAME_IN_SMS).trim();
      const notice: AlertUpdateNotice = { kind: `alert-${update.kind}`, caseCode: update.caseCode, about: update.about, by };
      const found = await findRecipients(prisma, organisationId, update.recipientIds);
      const told = [...found.values()].filter((r) => ![r.id, r.contactId, r.userId].includes(update.by));
      let temporary: unknown;
      for (const recipient of told) {
        const m = {
          organisationId,
          caseId: update.caseId ?? null,
          alertId: update.alertId,
          kind: 'ALERT_UPDATE' as const,
          notice,
          recipient,
        };
        await smsElseEmail(deliverOnChannels, m).catch((err: unknown) => {
          if (!isPermanent(err)) temporary ??= err;
        });
      }
      if (temporary) throw temporary;
    },

    /** Idempotent: the same record written twice leaves one row. */
    async recordAlert(alert: AlertRecord): Promise<void> {
      const outcome = {
        state: alert.state,
        acknowledgedBy: alert.acknowledgement?.by ?? null,
        acknowledgedVia: alert.acknowledgement?.via ?? null,
        acknowledgedAt: alert.acknowledgement ? new Date(alert.acknowledgement.at) : null,
        ...(alert.attempts && {
          // Plain JSON: what the workflow's payload already was.
          plan: (alert.plan ?? undefined) as Prisma.InputJsonValue | undefined,
          attempts: alert.attempts as Prisma.InputJsonValue,
          resolvedBy: alert.resolution?.by ?? null,
          resolvedVia: alert.resolution?.via ?? null,
          resolvedAt: alert.resolution ? new Date(alert.resolution.at) : null,
        }),
      };
      await prisma.alert.upsert({
        where: { id: alert.alertId },
        create: {
          id: alert.alertId,
          organisationId: alert.organisationId,
          caseId: alert.caseId ?? null,
          fieldVisitId: alert.fieldVisitId ?? null,
          trigger: alert.trigger,
          ackCode: alert.ackCode,
          raisedAt: new Date(alert.raisedAt),
          ...outcome,
        },
        update: outcome,
      });
    },
  };
}

type DeliverOnChannels = ReturnType<typeof createDelivery>['deliverOnChannels'];

async function smsElseEmail(deliverOnChannels: DeliverOnChannels, m: Omit<Message, 'channel'> & { recipient: Recipient }): Promise<void> {
  try {
    await deliverOnChannels(m, ['sms']);
  } catch (err) {
    if (!isPermanent(err)) throw err;
    await deliverOnChannels(m, ['email']);
  }
}

/** A contact's or user's display name (staff and contacts, never a victim); a replying number is not named. */
async function nameOf(prisma: PrismaClient, organisationId: string, id: string): Promise<string> {
  if (!UUID.test(id)) return '?';
  const contact = await prisma.contact.findFirst({ where: { id, organisationId }, select: { displayName: true } });
  const user = contact ? null : await prisma.user.findFirst({ where: { id, organisationId }, select: { displayName: true } });
  return contact?.displayName ?? user?.displayName ?? '?';
}
