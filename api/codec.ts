/**
 * The payload codec for the Temporal Web UI ("remote codec" protocol): the UI posts the
 * encrypted payloads it shows to `<endpoint>/decode` (and input it sends to `/encode`) and
 * displays what comes back. Only an organisation's admins may use it, from the UI origins in
 * VIGIL_CODEC_ORIGINS; a payload not bound to the caller's organisation (platform/payload-codec.ts)
 * comes back still encrypted.
 *
 * The UI's requests carry cookies, not our bearer tokens, so an admin first signs in on the
 * page at GET /codec, which sets the session cookie for the /codec paths only. Tools may send
 * `Authorization: Bearer` instead.
 */
import type { Payload } from '@temporalio/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client';
import type { VigilPayloadCodec } from '../platform/payload-codec';
import { callerOf, SESSION_COOKIE } from './auth';
import type { ApiDependencies, App } from './context';
import { acceptForms, escapeHtml, page } from './html';
import { Problem } from './problems';
import { problem, problemResponses } from './schemas';
import { SIGN_IN_RATE_LIMIT, startSession } from './sign-in';

const SESSION_SECONDS = 12 * 3600;

const wirePayload = z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() });
const wirePayloads = z.strictObject({ payloads: z.array(wirePayload).max(1000) });
type WirePayload = z.infer<typeof wirePayload>;
const operation = z.strictObject({ operation: z.enum(['encode', 'decode']) });

const fromWire = ({ metadata = {}, data = '' }: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data, 'base64'),
});
const toWire = ({ metadata, data }: Payload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});

export function codecRoutes(app: App, { prisma, payloadCodec, codecOrigins = [] }: ApiDependencies): void {
  if (!payloadCodec) return;
  codecOperationRoutes(app, payloadCodec, codecOrigins);
  codecSignInRoutes(app, prisma);
}

/** CORS for the configured UI origins only; a request without Origin is not from a browser. */
function allowOrigin(codecOrigins: string[], request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!codecOrigins.includes(origin)) throw new Problem(403, 'this origin may not use the codec; add it to VIGIL_CODEC_ORIGINS');
  reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true').header('vary', 'Origin');
}

/** The remote codec protocol: the browser's preflight, then encode or decode. */
function codecOperationRoutes(app: App, codec: VigilPayloadCodec, codecOrigins: string[]): void {
  app.options('/codec/:operation', { config: { access: 'public' }, schema: { hide: true, params: operation } }, async (request, reply) => {
    allowOrigin(codecOrigins, request, reply);
    return reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type, x-namespace, authorization')
      .header('access-control-max-age', '600')
      .code(204)
      .send();
  });

  app.post(
    '/codec/:operation',
    {
      config: { access: 'ADMIN', sessionCookie: true },
      onRequest: async (request, reply) => allowOrigin(codecOrigins, request, reply),
      schema: {
        tags: ['operations'],
        summary: "Temporal Web UI codec: decrypts (or encrypts) payloads; another organisation's stay encrypted",
        params: operation,
        body: wirePayloads,
        response: { 200: wirePayloads, 422: problem, ...problemResponses },
      },
    },
    async (request) => {
      const payloads = request.body.payloads.map(fromWire);
      const { organisationId } = callerOf(request);
      if (request.params.operation === 'encode') return { payloads: (await codec.encodeFor(organisationId, payloads)).map(toWire) };
      // Only payloads bound to the caller's organisation; the binding is checked by decryption itself.
      const decoded = await Promise.all(
        payloads.map((payload) => (codec.organisationOf(payload) === organisationId ? codec.decode([payload]) : [payload])),
      ).catch((error: Error) => {
        throw new Problem(422, error.message);
      });
      return { payloads: decoded.flat().map(toWire) };
    },
  );
}

/** The sign-in page that sets the codec's session cookie (admins only). */
function codecSignInRoutes(app: App, prisma: PrismaClient): void {
  app.get('/codec', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return page(
      'Vigil codec',
      '<h1>Temporal UI: sign in to read payloads</h1><p>Admins only. The session lasts 12 hours and serves only the Temporal UI.</p>' +
        '<form method="post" action="/codec/sign-in"><p><label>Email <input name="email" type="email" required></label></p>' +
        '<p><label>Password <input name="password" type="password" required></label></p><button type="submit">Sign in</button></form>',
    );
  });

  app.register(async (plain) => {
    acceptForms(plain);
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.post(
      '/codec/sign-in',
      {
        config: { access: 'public', rateLimit: SIGN_IN_RATE_LIMIT },
        schema: { hide: true, body: z.strictObject({ email: z.string().max(320), password: z.string().max(200) }) },
      },
      async (request, reply) => {
        reply.type('text/html; charset=utf-8');
        const session = await startSession(prisma, request.body.email, request.body.password, 'ADMIN').catch((error: unknown) => {
          if (!(error instanceof Problem)) throw error;
          return error;
        });
        if (session instanceof Problem) {
          return reply
            .code(session.status)
            .send(page('Vigil codec', `<h1>Not signed in</h1><p>${escapeHtml(session.detail)}. <a href="/codec">Back</a></p>`));
        }
        const secure = request.protocol === 'https' ? '; Secure' : '';
        reply.header(
          'set-cookie',
          `${SESSION_COOKIE}=${session.secret}; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`,
        );
        return page('Vigil codec', '<h1>Signed in</h1><p>The Temporal UI now shows decrypted payloads of your organisation.</p>');
      },
    );
  });
}
