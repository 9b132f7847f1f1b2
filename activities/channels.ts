/**
 * The two ways a message leaves Vigil: email through SMTP (nodemailer) and SMS through Twilio's
 * official client. A send resolves with what the provider accepted, or throws a DeliveryError
 * that says whether trying again may help.
 */
import { deliveryStatusFromTwilio } from '../services/sms-status';
import nodemailer from 'nodemailer';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { DeliveryStatus } from '../generated/prisma/client';
import type { SmtpConfig, TwilioConfig } from '../platform/config';

export interface Outgoing {
  to: string;
  /** Email only. */
  subject: string | null;
  body: string;
}

export interface Accepted {
  providerMessageId: string;
  status: DeliveryStatus;
}

export type Send = (message: Outgoing) => Promise<Accepted>;

export class DeliveryError extends Error {
  constructor(
    /** True when the same message can never succeed (bad number, 5xx, bad credentials). */
    readonly permanent: boolean,
    /** The provider's code: Twilio 21211, SMTP 550, or a network code such as ECONNRESET. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function emailSender({ url, from }: SmtpConfig, timeoutMs: number): Send {
  const transport = nodemailer.createTransport(
    { url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs },
    { from },
  );
  return async ({ to, subject, body }) => {
    let info;
    try {
      info = await transport.sendMail({ to, subject: subject ?? undefined, text: body });
    } catch (err) {
      throw emailFailure(err);
    }
    // A refused recipient does not always throw (several recipients, one refused).
    if (info.rejected.length > 0) throw emailFailure(info.rejectedErrors?.[0] ?? new Error('recipient refused'));
    return { providerMessageId: info.messageId, status: 'SENT' };
  };
}

/**
 * The server's reply code decides: 5xx permanent, 4xx temporary (RFC 5321). Without one, bad
 * credentials or addresses are permanent and everything else (connection refused, dropped,
 * timed out) temporary.
 */
function emailFailure(err: unknown): DeliveryError {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const message = e.message ?? String(err);
  if (typeof e.responseCode === 'number') return new DeliveryError(e.responseCode >= 500, String(e.responseCode), message);
  const code = e.code ?? 'UNKNOWN';
  return new DeliveryError(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG'].includes(code), code, message);
}

/**
 * Finds a message the provider already accepted (to `to`, with this very body, created since
 * `since`), or null: how a retry learns that a crashed earlier try was sent after all.
 */
export type Find = (message: Outgoing, since: Date) => Promise<Accepted | null>;

/**
 * SMS through the official client. TWILIO_API_BASE_URL only redirects its requests to a local
 * imitation of Twilio's API; Temporal retries (with backoff, recorded), so the client does not.
 */
export function smsChannel(config: TwilioConfig, timeoutMs: number): { send: Send; find: Find } {
  const options: RequestClient.RequestClientOptions = { timeout: timeoutMs, autoRetry: false };
  const httpClient = config.apiBaseUrl ? new RedirectedRequestClient(config.apiBaseUrl, options) : new twilio.RequestClient(options);
  const client = twilio(config.accountSid, config.authToken, { httpClient });
  const sender = config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.from };
  const accepted = (message: { sid: string; status: string }): Accepted => ({
    providerMessageId: message.sid,
    status: deliveryStatusFromTwilio(message.status) ?? 'QUEUED',
  });
  return {
    async send({ to, body }) {
      try {
        return accepted(await client.messages.create({ to, body, ...sender, statusCallback: config.statusCallbackUrl }));
      } catch (err) {
        throw smsFailure(err);
      }
    },
    async find({ to, body }, since) {
      try {
        // Newest first; a few minutes of one number's messages is a short page.
        const recent = await client.messages.list({ to, limit: 50 });
        const match = recent.find((m) => m.body === body && m.dateCreated.getTime() >= since.getTime() - 60_000);
        return match ? accepted(match) : null;
      } catch (err) {
        throw smsFailure(err);
      }
    },
  };
}

/** Refusals that clear by themselves although Twilio answers 400 (21611: sender's queue full). */
const TEMPORARY_TWILIO_CODES = new Set([21611]);

/**
 * Twilio's HTTP status decides: 4xx permanent (21211 invalid number, 21614 not a mobile, 21610
 * unsubscribed, 401/20003 bad credentials), except 408, 429 and the codes above; 5xx and network
 * failures (ECONNRESET, ECONNREFUSED, ECONNABORTED on timeout) temporary.
 */
function smsFailure(err: unknown): DeliveryError {
  if (err instanceof twilio.RestException) {
    const { status, code } = err;
    const temporary = status >= 500 || status === 408 || status === 429 || (code !== undefined && TEMPORARY_TWILIO_CODES.has(code));
    return new DeliveryError(!temporary, String(code ?? status), err.message);
  }
  const e = err as { code?: string; message?: string };
  return new DeliveryError(false, e.code ?? 'UNKNOWN', e.message ?? String(err));
}

/** Sends every request of the client to `baseUrl` instead of https://api.twilio.com. */
class RedirectedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const { pathname, search } = new URL(opts.uri);
    return super.request({ ...opts, uri: `${this.baseUrl.replace(/\/+$/, '')}${pathname}${search}` });
  }
}
