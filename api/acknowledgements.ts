/**
 * How contacts acknowledge an urgent alert without signing in, and how Twilio reports back:
 *  - `OK <code>` (or `ACK <code>`) replied to the alert SMS: Twilio's inbound-message webhook;
 *  - the one-click link in the alert email: a page with one button (a GET never acknowledges,
 *    so mail scanners that open links acknowledge nothing);
 *  - SMS delivery status callbacks: an undelivered or failed SMS tells the alert workflow at once.
 * The inbound webhook also takes a field visitor's SAFE / PANIC / EXTEND replies (visit-sms.ts).
 * Twilio's requests are checked against their X-Twilio-Signature and handled once per message
 * (twilio-webhooks.ts): a retry or a replay acts on nothing. Answers carry no case data.
 */
import twilio from 'twilio';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordSmsStatus } from '../activities/notifications';
import { onceOnly } from './twilio-webhooks';
import { visitSmsReply } from './visit-sms';
import { acknowledgeAlertSignal, deliveryReportSignal, type Acknowledgement } from '../workflows/urgent-alert';
import type { ApiDependencies, App } from './context';
import { acceptForms, page } from './html';
import { Problem } from './problems';

const ACK_REPLY = /^\s*(?:OK|ACK)\s+([A-Z0-9]{6})\s*$/i;
const FAILED_STATUSES = new Set(['UNDELIVERED', 'FAILED']);

const twiml = (message?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response>${message ? `<Message>${message}</Message>` : ''}</Response>`;

export function acknowledgementRoutes(
  app: App,
  { prisma, temporal, taskQueue, ackLinks, twilio: twilioConfig, publicUrl }: ApiDependencies,
): void {
  /** Signals the alert workflow; false when the alert is over (acknowledged, or ended unanswered). */
  async function acknowledge(alertId: string, ack: Acknowledgement): Promise<boolean> {
    const alert = await prisma.alert.findUnique({ where: { id: alertId } });
    if (!alert || alert.state !== 'ALERTING') return false;
    await temporal.workflow.getHandle(alertId).signal(acknowledgeAlertSignal, ack);
    return true;
  }

  /** The answer to an inbound SMS: a visitor's command, else a contact's acknowledgement. */
  async function inboundReply(from: string, text: string, sentAt: Date, messageKey: string): Promise<string> {
    const visitReply = await visitSmsReply({ prisma, temporal, taskQueue }, { from, text, sentAt, messageKey });
    if (visitReply !== null) return visitReply;
    const code = ACK_REPLY.exec(text)?.[1]?.toUpperCase();
    // The code must belong to an alert this very number was sent: a guessed code acknowledges nothing.
    const candidates = code ? await prisma.alert.findMany({ where: { ackCode: code, state: 'ALERTING' }, select: { id: true } }) : [];
    const sentTo = candidates.length
      ? await prisma.deliveryAttempt.findFirst({
          where: { channel: 'SMS', address: from, alertId: { in: candidates.map((c) => c.id) } },
          select: { contactId: true, userId: true, alertId: true },
        })
      : null;
    const acknowledged = sentTo ? await acknowledge(sentTo.alertId!, { by: sentTo.contactId ?? sentTo.userId ?? from, via: 'sms' }) : false;
    return acknowledged
      ? `Vigil: potvrđeno / acknowledged (${code}).`
      : 'Vigil: kod nije prepoznat ili je uzbuna završena / code not recognised or alert closed.';
  }

  app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Twilio posts forms; only these routes read them.
    acceptForms(plain);

    /** The form Twilio posted, once its signature matches the URL Twilio was given. */
    function signedForm(request: { headers: Record<string, unknown>; body: unknown }, url: string): Record<string, string> {
      if (!twilioConfig) throw new Problem(404, 'Twilio is not configured');
      const params = (request.body ?? {}) as Record<string, string>;
      const signature = String(request.headers['x-twilio-signature'] ?? '');
      if (!twilio.validateRequest(twilioConfig.authToken, signature, url, params)) throw new Problem(403, 'bad Twilio signature');
      return params;
    }
    const form = z.record(z.string(), z.string());
    /** Twilio names every message; its webhooks are handled once per message. */
    const messageSidOf = (params: Record<string, string>) => {
      if (!/^[A-Za-z0-9]{2,64}$/.test(params.MessageSid ?? ''))
        throw new Problem(400, 'is required: Twilio names every message', 'MessageSid');
      return params.MessageSid;
    };

    // A visitor's PANIC is never refused for a stray character (input-guard.ts).
    const inbound = { access: 'public', acceptsAnyText: true } as const;
    scope.post('/webhooks/twilio/inbound', { config: inbound, schema: { hide: true, body: form } }, async (request, reply) => {
      // Signed for the URL set in Twilio's console: the public one behind a proxy.
      const base = publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
      const params = signedForm(request, `${base}/webhooks/twilio/inbound`);
      const key = `inbound:${messageSidOf(params)}`;
      // A retry or a replay gets the first answer and acts on nothing.
      // Twilio's senders are E.164; anything else names no staff phone, and its bytes never reach SQL.
      const from = /^\+[0-9]{6,16}$/.test(params.From ?? '') ? params.From : '';
      const answer = await onceOnly(prisma, key, (sentAt) => inboundReply(from, params.Body ?? '', sentAt, key));
      reply.type('text/xml');
      return twiml(answer ?? undefined);
    });

    scope.post('/webhooks/twilio/status', { config: { access: 'public' }, schema: { hide: true, body: form } }, async (request, reply) => {
      const params = signedForm(request, twilioConfig?.statusCallbackUrl ?? '');
      const messageSid = messageSidOf(params);
      await onceOnly(prisma, `status:${messageSid}:${params.MessageStatus ?? ''}`, async () => {
        const attempt = await recordSmsStatus(prisma, {
          messageSid,
          messageStatus: params.MessageStatus ?? '',
          errorCode: params.ErrorCode,
        });
        if (attempt?.alertId && FAILED_STATUSES.has(attempt.status) && (attempt.contactId ?? attempt.userId)) {
          await temporal.workflow
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
      return reply.code(204).send();
    });

    const tokenParams = z.strictObject({ token: z.string().max(512) });
    const linkOf = (token: string) => {
      const named = ackLinks?.verify(token);
      if (!named) throw new Problem(404, 'unknown acknowledgement link');
      return named;
    };

    scope.get('/ack/:token', { config: { access: 'public' }, schema: { hide: true, params: tokenParams } }, async (request, reply) => {
      linkOf(request.params.token);
      reply.type('text/html; charset=utf-8');
      return page(
        'Vigil',
        '<h1>Vigil</h1><p>Potvrdite da ste primili hitnu uzbunu. / Confirm you received the urgent alert.</p>' +
          '<form method="post"><button type="submit" style="font-size:1.3em;padding:.5em 1em">Potvrđujem / Acknowledge</button></form>',
      );
    });

    scope.post('/ack/:token', { config: { access: 'public' }, schema: { hide: true, params: tokenParams } }, async (request, reply) => {
      const { alertId, contactId } = linkOf(request.params.token);
      const acknowledged = await acknowledge(alertId, { by: contactId, via: 'link' });
      reply.code(acknowledged ? 200 : 409).type('text/html; charset=utf-8');
      return page(
        'Vigil',
        acknowledged
          ? '<h1>Potvrđeno / Acknowledged</h1><p>Hvala. / Thank you.</p>'
          : '<h1>Uzbuna je već završena / The alert is already over</h1>',
      );
    });
  });
}
