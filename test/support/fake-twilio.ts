/**
 * A local imitation of Twilio's Messages API for the official client (pointed here through
 * TWILIO_API_BASE_URL): `POST /2010-04-01/Accounts/{Sid}/Messages.json`, form-encoded, HTTP basic
 * auth, answered as Twilio answers (201 with a message resource, or an error body with `code`);
 * `GET` on the same path lists the accepted messages, newest first, filtered by `To`.
 * It validates what Twilio validates first (credentials, To in E.164, a body, a sender), records
 * every request, plays scripted failures, and sends webhooks signed as Twilio signs them.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import twilio from 'twilio';

export interface TwilioRequest {
  method: string;
  path: string;
  /** Whether the basic auth matched the account. */
  authorized: boolean;
  form: Record<string, string>;
  /** HTTP status answered, or what happened instead. */
  outcome: number | 'dropped' | 'hung';
  /** When the request arrived (epoch ms), for latency benchmarks. */
  receivedAt: number;
}

export interface FakeMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  /** When it was accepted (epoch ms). */
  createdAt: number;
}

/** One scripted answer: a Twilio error (status + code), a dropped connection, or no answer at all. */
export type TwilioScript = { status: number; code?: number; message?: string } | 'drop' | 'hang';

export interface FakeTwilio {
  /** Base URL for TWILIO_API_BASE_URL. */
  url: string;
  accountSid: string;
  authToken: string;
  requests: TwilioRequest[];
  /** Messages accepted (201). */
  messages: FakeMessage[];
  /** Queues answers for the next requests, before normal service resumes. */
  script(...answers: TwilioScript[]): void;
  /** POSTs a signed status callback for an accepted message to its StatusCallback URL; resolves with the HTTP status. */
  sendStatusCallback(sid: string, status: string, errorCode?: string): Promise<number>;
  /** POSTs a signed inbound-message webhook (a reply to `to`) to `url`; resolves with the HTTP status. */
  sendInboundMessage(url: string, message: { from: string; to: string; body: string }): Promise<number>;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const requests: TwilioRequest[] = [];
  const messages: FakeMessage[] = [];
  const answers: TwilioScript[] = [];
  const hung = new Set<http.ServerResponse>();
  /** A message as Twilio's API shows it. */
  const resource = (message: FakeMessage) => {
    const created = new Date(message.createdAt).toUTCString();
    return {
      sid: message.sid,
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: message.body,
      date_created: created,
      date_updated: created,
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      status: message.messagingServiceSid ? 'accepted' : 'queued',
      to: message.to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
    };
  };

  const server = http.createServer(async (req, res) => {
    const receivedAt = Date.now();
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = Object.fromEntries(new URLSearchParams(raw));
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    const request: TwilioRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorized: req.headers.authorization === expected,
      form,
      outcome: 0,
      receivedAt,
    };
    requests.push(request);
    const answer = (status: number, body: object) => {
      request.outcome = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string) =>
      answer(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

    const scripted = answers.shift();
    if (scripted === 'drop') {
      request.outcome = 'dropped';
      return req.socket.destroy();
    }
    if (scripted === 'hang') {
      request.outcome = 'hung';
      return hung.add(res);
    }
    if (scripted)
      return error(scripted.status, scripted.code ?? scripted.status, scripted.message ?? `Scripted failure ${scripted.status}`);

    const url = new URL(request.path, 'http://twilio.local');
    const path = MESSAGES_PATH.exec(url.pathname);
    if (!['GET', 'POST'].includes(req.method ?? '') || !path) return error(404, 20404, 'The requested resource was not found');
    if (!request.authorized || path[1] !== accountSid) return error(401, 20003, 'Authenticate');
    if (req.method === 'GET') {
      const to = url.searchParams.get('To');
      const listed = messages.filter((m) => !to || m.to === to).reverse();
      const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
      return answer(200, {
        messages: listed.map((m) => resource(m)),
        page: 0,
        page_size: listed.length,
        start: 0,
        end: Math.max(0, listed.length - 1),
        uri,
        first_page_uri: uri,
        next_page_uri: null,
        previous_page_uri: null,
      });
    }
    if (!form.To) return error(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(form.To)) return error(400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
    if (!form.Body) return error(400, 21602, 'Message body is required.');
    if (!form.From && !form.MessagingServiceSid)
      return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");

    const message: FakeMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to: form.To,
      from: form.From ?? null,
      messagingServiceSid: form.MessagingServiceSid ?? null,
      body: form.Body,
      statusCallback: form.StatusCallback ?? null,
      createdAt: receivedAt,
    };
    messages.push(message);
    answer(201, resource(message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  /** Form POST with the X-Twilio-Signature Twilio computes from the full URL and the parameters. */
  async function postSigned(url: string, params: Record<string, string>): Promise<number> {
    const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    await response.arrayBuffer();
    return response.status;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    messages,
    script: (...more) => answers.push(...more),
    async sendStatusCallback(sid, status, errorCode) {
      const message = messages.find((m) => m.sid === sid);
      if (!message?.statusCallback) throw new Error(`message ${sid} was not accepted with a StatusCallback`);
      return postSigned(message.statusCallback, {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? '',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: message.to,
        ...(errorCode ? { ErrorCode: errorCode } : {}),
      });
    },
    sendInboundMessage(url, { from, to, body }) {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      return postSigned(url, {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        Body: body,
        From: from,
        MessageSid: sid,
        NumMedia: '0',
        NumSegments: '1',
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        To: to,
      });
    },
    async close() {
      for (const res of hung) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
