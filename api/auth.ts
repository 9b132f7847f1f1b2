/**
 * Who is calling, and what they may touch. Every route declares its access in
 * `config.access`; a route without one does not start (default deny). One hook, before the
 * body is even read, then:
 *   1. authenticates: `Authorization: Bearer <secret>` (a login session or an API token), or
 *      the secret in a calendar feed URL, or the web app's session cookie, or on the codec's
 *      routes (the Temporal UI's calls, which a browser makes with cookies only) its own cookie;
 *   2. checks the role: ADMIN > COORDINATOR > CASEWORKER, each may do what the ones below may
 *      (NATIONAL_OFFICE only the routes made for it, api/evaluation.ts, and the `signed-in`
 *      routes every user has: their own account);
 *   3. on routes with a `:caseId`, loads the case within the caller's organisation, and for a
 *      caseworker only among the cases assigned to them; anything else is 404, exactly as for
 *      a case that does not exist, so nothing leaks. An erased case refuses changes (409).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessTokenKind, Case, Prisma, PrismaClient, UserRole } from '../generated/prisma/client';
import { notFound, Problem } from './problems';

export type Role = UserRole;
/** `signed-in`: any user of any role, the national office included (their own account). */
export type Access = 'public' | 'calendar-feed' | 'signed-in' | Role;

export interface Caller {
  userId: string;
  organisationId: string;
  role: Role;
  via: 'session' | 'api-token' | 'calendar-feed';
  credentialId: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Takes the codec's session cookie (SESSION_COOKIE) instead of the app's. */
    sessionCookie?: boolean;
    /** A :caseId route that changes the case but also answers for an erased one (the erasure itself). */
    acceptsErasedCase?: boolean;
  }
  interface FastifyRequest {
    caller?: Caller;
    /** The case named by `:caseId`, already scoped to the caller. */
    case?: Case;
    /** A case the handler touched that the route does not name (a case just opened). */
    auditCaseId?: string;
  }
}

/** HttpOnly, SameSite=Strict, path /codec: set by the codec sign-in page (api/codec.ts), read only there. */
export const SESSION_COOKIE = 'vigil_session';

/** HttpOnly, SameSite=Strict, path /: the web app's session, set by POST /auth/session (api/web-session.ts). */
export const APP_SESSION_COOKIE = 'vigil_app_session';

/**
 * A request signed in by the app's cookie that changes something must carry this header. A page
 * of another origin (SameSite does not separate the ports of one host) cannot add it without a
 * CORS preflight, which Vigil grants to no one but the Temporal UI, on /codec only.
 */
export const APP_REQUEST_HEADER = 'x-vigil-app';

/** The login session in the request's cookie `name`, as an Authorization header would carry it. */
function cookieBearer(cookies: string | undefined, name: string): string | undefined {
  for (const pair of (cookies ?? '').split(';')) {
    const [key, value] = pair.trim().split('=', 2);
    if (key === name && value?.startsWith(PREFIX.SESSION)) return `Bearer ${value}`;
  }
  return undefined;
}

/** The request's credential: its Authorization header, else the session cookie its route takes. */
function credentialOf(request: FastifyRequest): string | undefined {
  const { authorization, cookie } = request.headers;
  if (authorization !== undefined) return authorization;
  if (request.routeOptions.config.sessionCookie) return cookieBearer(cookie, SESSION_COOKIE);
  const fromApp = cookieBearer(cookie, APP_SESSION_COOKIE);
  const changes = request.method !== 'GET' && request.method !== 'HEAD';
  if (fromApp && changes && request.headers[APP_REQUEST_HEADER] === undefined) {
    throw new Problem(403, `a change signed in by the app's session cookie must send the ${APP_REQUEST_HEADER} header`);
  }
  return fromApp;
}

/** The national office ranks below everyone: it sees no case, only its own routes. */
const RANK: Record<Role, number> = { NATIONAL_OFFICE: 0, CASEWORKER: 1, COORDINATOR: 2, ADMIN: 3 };

export function hasRole(who: { role: Role }, role: Role): boolean {
  if (role === 'NATIONAL_OFFICE') return who.role === 'NATIONAL_OFFICE';
  return RANK[who.role] >= RANK[role];
}

/** The request's caller; only called on routes that require one. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`route ${request.routeOptions.url} has no signed-in caller`);
  return request.caller;
}

/** Which cases the caller may see: the organisation's, and for a caseworker only their own. */
export function visibleCases(caller: Caller): Prisma.CaseWhereInput {
  return { organisationId: caller.organisationId, ...(caller.role === 'CASEWORKER' ? { caseworkerId: caller.userId } : {}) };
}

const PREFIX: Record<AccessTokenKind | 'FEED', string> = { SESSION: 'vgs_', API: 'vgt_', FEED: 'vgc_' };

/** A new secret (256 random bits, with a prefix saying what it is, for secret scanners) and its stored hash. */
export function newSecret(kind: keyof typeof PREFIX): { secret: string; secretHash: string } {
  const secret = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { secret, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

async function bearerCaller(prisma: PrismaClient, header: string | undefined): Promise<Caller> {
  const secret = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header ?? '')?.[1];
  if (!secret) throw new Problem(401, 'send Authorization: Bearer <token> (from POST /auth/login or an API token)');
  const token = await prisma.accessToken.findUnique({ where: { secretHash: hashSecret(secret) }, include: { user: true } });
  if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now() || !token.user.active) {
    throw new Problem(401, 'the token is unknown, expired or revoked; sign in again');
  }
  return {
    userId: token.userId,
    organisationId: token.organisationId,
    role: token.user.role,
    via: token.kind === 'SESSION' ? 'session' : 'api-token',
    credentialId: token.id,
  };
}

async function feedCaller(prisma: PrismaClient, secret: string): Promise<Caller> {
  const feed = await prisma.calendarFeed.findUnique({ where: { secretHash: hashSecret(secret) }, include: { user: true } });
  if (!feed || feed.revokedAt || !feed.user.active) throw notFound('calendar feed');
  return { userId: feed.userId, organisationId: feed.organisationId, role: feed.user.role, via: 'calendar-feed', credentialId: feed.id };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function installAccessControl(app: FastifyInstance, prisma: PrismaClient): void {
  app.addHook('onRoute', (route) => {
    // The docs plugin's own routes are public pages; every route of ours must say who may call it.
    if (route.url.startsWith('/docs')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no config.access`);
    // In the OpenAPI document: these routes need no bearer token.
    if (access === 'public' || access === 'calendar-feed') route.schema = { ...route.schema, security: [] };
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const params = request.params as Record<string, string | undefined>;
    if (access === 'calendar-feed') {
      request.caller = await feedCaller(prisma, params.secret ?? '');
      return;
    }
    const caller = await bearerCaller(prisma, credentialOf(request));
    request.caller = caller;
    if (access !== 'signed-in' && !hasRole(caller, access))
      throw new Problem(403, `this needs the ${access.toLowerCase()} role or above; you are ${caller.role.toLowerCase()}`);
    if (params.caseId !== undefined) {
      const found = UUID.test(params.caseId)
        ? await prisma.case.findFirst({ where: { id: params.caseId, ...visibleCases(caller) } })
        : null;
      if (!found) throw notFound('case');
      request.case = found;
      // An erased case keeps only statistics: it can be read, not changed.
      if (found.erasedAt && request.method !== 'GET' && !request.routeOptions.config.acceptsErasedCase) {
        throw new Problem(409, `the case's personal data was erased on ${found.erasedAt.toISOString()}: it takes no more events`);
      }
    }
  });
}

/** The case a `:caseId` route loaded. */
export function caseOf(request: FastifyRequest): Case {
  if (!request.case) throw new Error(`route ${request.routeOptions.url} has no :caseId`);
  return request.case;
}
