/**
 * What happened to an urgent alert, from its SQL mirror (the alerts row the workflow writes: its
 * plan and every message it sent) and the delivery_attempts rows (what the provider said of each
 * message): who was paged, when, on which channel, delivered or not, who acknowledged, who
 * resolved. Names are staff's and contacts' (display names), never a victim's.
 */
import type { Alert, DeliveryAttempt, PrismaClient } from '../generated/prisma/client';
import { triggerWords } from '../domain/message-texts';
import type { AlertAttempt, AlertStatus } from '../workflows/urgent-alert';

/** A contact or user as the detail names them; role: on the case, else the user's, else the duty coordinator's. */
export interface Person {
  id: string;
  name: string | null;
  role: string | null;
}

export interface MessageSent {
  kind: 'urgent' | 'unacknowledged' | 'update';
  channel: 'sms' | 'email';
  /** 1 for the first level; null for the notice "nobody acknowledged", updates and alerts raised before levels were kept. */
  level: number | null;
  /** 0 for the first pass through the chain. */
  round: number | null;
  sentAt: string;
  /** The provider's word (QUEUED, SENT, DELIVERED, UNDELIVERED, FAILED, NOT_SENT: kept in the outbox), or PENDING. */
  status: string;
  errorCode: string | null;
}

export interface AlertDetail {
  triggerWords: string;
  plan: {
    levels: { level: number; timeoutSeconds: number; contacts: Person[] }[];
    repeats: number;
    /** Told on every channel when nobody acknowledges. */
    whenUnacknowledged: Person[];
  } | null;
  contacts: (Person & { messages: MessageSent[] })[];
  acknowledgement: { by: Person; via: string; at: string } | null;
  resolution: { by: Person; via: string; at: string; note?: string | null } | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

type EscalationPlan = NonNullable<AlertStatus['plan']>;
const CHANNEL = { SMS: 'sms', EMAIL: 'email' } as const;

/** The detail of one alert; `note` is the decrypted resolution note, for readers allowed to see it. */
export async function alertDetail(prisma: PrismaClient, alert: Alert, note?: string | null): Promise<AlertDetail> {
  const rows = await prisma.deliveryAttempt.findMany({ where: { alertId: alert.id }, orderBy: { createdAt: 'asc' } });
  const plan = alert.plan as EscalationPlan | null;
  const attempts = (alert.attempts as AlertAttempt[] | null) ?? [];
  const messages = messagesByContact(attempts, rows);
  const ids = [
    ...(plan?.levels.flatMap((l) => l.contactIds) ?? []),
    ...(plan?.coordinatorIds ?? []),
    ...messages.keys(),
    ...[alert.acknowledgedBy, alert.resolvedBy].filter((id): id is string => id !== null),
  ];
  const people = await peopleNamed(prisma, alert.organisationId, ids, alert.caseId);
  const person = (id: string) => people.get(id) ?? { id, name: null, role: null };
  return {
    triggerWords: triggerWords('en', alert.trigger),
    plan: plan && {
      levels: plan.levels.map((l, i) => ({ level: i + 1, timeoutSeconds: l.timeoutMs / 1000, contacts: l.contactIds.map(person) })),
      repeats: plan.repeats,
      whenUnacknowledged: plan.coordinatorIds.map(person),
    },
    contacts: [...messages].map(([id, sent]) => ({ ...person(id), messages: sent })),
    acknowledgement:
      alert.acknowledgedBy && alert.acknowledgedAt
        ? { by: person(alert.acknowledgedBy), via: alert.acknowledgedVia ?? 'api', at: alert.acknowledgedAt.toISOString() }
        : null,
    resolution:
      alert.resolvedBy && alert.resolvedAt
        ? {
            by: person(alert.resolvedBy),
            via: alert.resolvedVia ?? 'api',
            at: alert.resolvedAt.toISOString(),
            ...(note !== undefined && { note }),
          }
        : null,
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  };
}

/** The recipient id a delivery row was sent for: the last part of its idempotency key but the channel. */
const recipientOf = (row: DeliveryAttempt) => row.idempotencyKey.split('/').at(-1)!;

/**
 * Each contact's messages in order: the workflow's attempts, each with the provider's status from
 * the row of the same recipient, channel and kind, in the same order (a row exists once the
 * message was handed over; a contact without an address on that channel has none). Alerts raised
 * before the attempts were mirrored show their rows alone.
 */
function messagesByContact(attempts: AlertAttempt[], rows: DeliveryAttempt[]): Map<string, MessageSent[]> {
  const pending = new Map<string, DeliveryAttempt[]>();
  for (const row of rows) {
    const key = `${recipientOf(row)}/${CHANNEL[row.channel]}/${row.kind}`;
    pending.set(key, [...(pending.get(key) ?? []), row]);
  }
  const byContact = new Map<string, MessageSent[]>();
  const add = (contactId: string, message: MessageSent) => byContact.set(contactId, [...(byContact.get(contactId) ?? []), message]);
  const fromRow = (row: DeliveryAttempt) => ({ sentAt: row.createdAt.toISOString(), status: row.status, errorCode: row.errorCode });
  for (const a of attempts) {
    const kind = a.level < 0 ? 'unacknowledged' : 'urgent';
    const row = pending.get(`${a.contactId}/${a.channel}/${kind.toUpperCase()}`)?.shift();
    const fallback = { sentAt: a.at, status: a.outcome === 'FAILED' ? 'FAILED' : 'PENDING', errorCode: null };
    const level = a.level < 0 ? null : a.level + 1;
    add(a.contactId, { kind, channel: a.channel, level, round: a.level < 0 ? null : a.round, ...(row ? fromRow(row) : fallback) });
  }
  // Updates (taken over, resolved), and every message of an alert raised before attempts were mirrored.
  for (const [key, left] of pending) {
    if (attempts.length > 0 && !key.endsWith('/ALERT_UPDATE')) continue;
    for (const row of left) {
      const kind = row.kind === 'ALERT_UPDATE' ? 'update' : row.kind === 'UNACKNOWLEDGED' ? 'unacknowledged' : 'urgent';
      add(recipientOf(row), { kind, channel: CHANNEL[row.channel], level: null, round: null, ...fromRow(row) });
    }
  }
  return byContact;
}

/**
 * Contacts and users of the organisation by id, named. A contact's role is its role on the case,
 * else its user's, else DUTY_COORDINATOR for the organisation's duty coordinator; a user's is theirs.
 */
export async function peopleNamed(
  prisma: PrismaClient,
  organisationId: string,
  ids: string[],
  caseId?: string | null,
): Promise<Map<string, Person>> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  const [contacts, users, organisation, onCase] = await Promise.all([
    prisma.contact.findMany({ where: { organisationId, id: { in: wanted } }, include: { user: { select: { role: true } } } }),
    prisma.user.findMany({ where: { organisationId, id: { in: wanted } }, select: { id: true, displayName: true, role: true } }),
    prisma.organisation.findUnique({ where: { id: organisationId }, select: { dutyCoordinatorContactId: true } }),
    caseId ? prisma.caseContact.findMany({ where: { caseId, contactId: { in: wanted } } }) : [],
  ]);
  const caseRole = new Map(onCase.map((c) => [c.contactId, c.role]));
  const named = new Map<string, Person>();
  for (const u of users) named.set(u.id, { id: u.id, name: u.displayName, role: u.role });
  for (const c of contacts) {
    const duty = c.id === organisation?.dutyCoordinatorContactId ? 'DUTY_COORDINATOR' : null;
    named.set(c.id, { id: c.id, name: c.displayName, role: caseRole.get(c.id) ?? c.user?.role ?? duty });
  }
  return named;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who each alert paged last (`alertIds`: their workflow ids): the contact, the channel, when. */
export async function lastPaged(
  prisma: PrismaClient,
  organisationId: string,
  alertIds: string[],
): Promise<Map<string, { contact: Person; channel: 'sms' | 'email'; at: string }>> {
  const [alerts, rows] = await Promise.all([
    prisma.alert.findMany({ where: { id: { in: alertIds } }, select: { id: true, attempts: true } }),
    prisma.deliveryAttempt.findMany({
      where: { alertId: { in: alertIds }, kind: { in: ['URGENT', 'UNACKNOWLEDGED'] } },
      orderBy: { createdAt: 'desc' },
    }),
  ]);
  const last = new Map<string, { contactId: string; channel: 'sms' | 'email'; at: string }>();
  for (const a of alerts) {
    const attempt = (a.attempts as AlertAttempt[] | null)?.at(-1);
    if (attempt) last.set(a.id, { contactId: attempt.contactId, channel: attempt.channel, at: attempt.at });
  }
  // Alerts raised before their messages were mirrored: their latest row.
  for (const row of rows)
    if (!last.has(row.alertId!))
      last.set(row.alertId!, { contactId: recipientOf(row), channel: CHANNEL[row.channel], at: row.createdAt.toISOString() });
  const people = await peopleNamed(
    prisma,
    organisationId,
    [...last.values()].map((l) => l.contactId),
  );
  return new Map(
    [...last].map(([alertId, { contactId, ...paged }]) => [
      alertId,
      { contact: people.get(contactId) ?? { id: contactId, name: null, role: null }, ...paged },
    ]),
  );
}
