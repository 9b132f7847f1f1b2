/**
 * The recipients' links to an alert's page (platform/ack-links.ts makes the tokens): one per
 * alert and recipient, kept as a hash. A link opens the page while the alert is open and for
 * LINK_DAYS_AFTER_RESOLUTION after it is resolved; the resolution time it is judged by is the
 * alert's own (alerts.resolvedAt), so nothing else has to expire.
 */
import type { Alert, AlertLink, PrismaClient } from '../generated/prisma/client';
import { ALERT_LINK_TOKEN, tokenHash, type AckLinks } from '../platform/ack-links';

export const LINK_DAYS_AFTER_RESOLUTION = 1;
const DAY = 86_400_000;

/** The link `recipientId` is sent for `alertId`, recorded once however many messages carry it. */
export async function issueAlertLink(prisma: PrismaClient, links: AckLinks, alertId: string, recipientId: string): Promise<string> {
  const token = links.token(alertId, recipientId);
  // The SMS and the email go out in parallel: both may record it, the first one wins.
  await prisma.alertLink.createMany({ data: [{ tokenHash: tokenHash(token), alertId, recipientId }], skipDuplicates: true });
  return links.url(token);
}

export type OpenedLink = AlertLink & { alert: Alert };

/** What a link answers: the alert and its recipient, or why not (404 for a token nobody was sent). */
export type LinkLookup = { found: OpenedLink } | { refused: 'unknown' | 'expired' };

/** The link `token` names, if it was sent and has not expired at `now`. */
export async function openAlertLink(prisma: PrismaClient, token: string, now = new Date()): Promise<LinkLookup> {
  const link = ALERT_LINK_TOKEN.test(token)
    ? await prisma.alertLink.findUnique({ where: { tokenHash: tokenHash(token) }, include: { alert: true } })
    : null;
  if (!link) return { refused: 'unknown' };
  const { resolvedAt } = link.alert;
  if (resolvedAt && now.getTime() >= resolvedAt.getTime() + LINK_DAYS_AFTER_RESOLUTION * DAY) return { refused: 'expired' };
  return { found: link };
}
