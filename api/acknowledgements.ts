/**
 * How contacts acknowledge an urgent alert by SMS without signing in, and how Twilio reports back
 * (the link in every alert message opens the alert's page, which acknowledges too: alert-page.ts):
 *  - `OK <code>` (or `ACK <code>`) replied to the alert SMS: Twilio's inbound-message webhook;
 *  - SMS delivery status callbacks: an undelivered or failed SMS tells the alert workflow at once.
 * The inbound webhook also takes a field visitor's SAFE / PANIC / EXTEND replies (services/visit-sms.ts).
 * Here, Twilio's requests are checked against their X-Twilio-Signature; services/ handles each
 * once per message (services/twilio-webhooks.ts): a retry or a replay acts on nothing. Answers
 * carry no case data.
 */
import twilio from 'twilio';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { handleInboundSms } from '../services/acknowledgements';
import { handleSmsStatus } from '../services/sms-status';
import type { ApiDependencies, App } from './context';
import { acceptForms } from './html';
import { Problem } from './problems';

const twiml = (message?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response>${message ? `<Message>${message}</Message>` : ''}</Response>`;

export function acknowledgementRoutes(app: App, deps: ApiDependencies): void {
  const { twilio: twilioConfig, publicUrl } = deps;
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
      const messageSid = messageSidOf(params);
      // Twilio's senders are E.164; anything else names no staff phone, and its bytes never reach SQL.
      const from = /^\+[0-9]{6,16}$/.test(params.From ?? '') ? params.From : '';
      const answer = await handleInboundSms(deps, { messageSid, from, text: params.Body ?? '' });
      reply.type('text/xml');
      return twiml(answer ?? undefined);
    });

    scope.post('/webhooks/twilio/status', { config: { access: 'public' }, schema: { hide: true, body: form } }, async (request, reply) => {
      const params = signedForm(request, twilioConfig?.statusCallbackUrl ?? '');
      const messageSid = messageSidOf(params);
      await handleSmsStatus(deps, { messageSid, messageStatus: params.MessageStatus ?? '', errorCode: params.ErrorCode });
      return reply.code(204).send();
    });
  });
}
