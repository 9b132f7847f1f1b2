/**
 * The OpenAPI document lists, for each operation, every problem status it can answer, each as
 * `application/problem+json`. Most follow from what a route declares, so they are derived here
 * in one place; a route lists the others itself (`409: problem`). The fuzzing pass
 * (`npm run fuzz`) fails on any answer the document does not list.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemDocument, problemSchema } from './problems';
import { problem } from './schemas';

const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** The problems a route's declarations imply. */
function impliedStatuses(route: RouteOptions): number[] {
  const methods = [route.method].flat();
  const { access, rateLimit } = route.config ?? {};
  const schema = route.schema ?? {};
  const takesBody = methods.some((m) => BODY_METHODS.includes(m));
  const changes = methods.some((m) => m !== 'GET' && m !== 'HEAD');
  const signedIn = access !== 'public' && access !== 'calendar-feed';
  // A case or a visit is a workflow: it may have ended (409).
  const ofWorkflow = /:(caseId|visitId)\b/.test(route.url);
  return [
    ...(schema.params || schema.querystring || schema.body || takesBody ? [400] : []),
    ...(signedIn ? [401] : []),
    // Even the caseworker's routes refuse the national office (403), which sees no case.
    ...(signedIn && access !== 'signed-in' ? [403] : []),
    ...(route.url.includes(':') ? [404] : []),
    ...(ofWorkflow && changes ? [409] : []),
    ...(takesBody ? [413, 415] : []),
    ...(rateLimit ? [429] : []),
    500,
    // The workflow not running, or the database down for a moment: every route that is not public
    // reads a session or a feed's secret from it, and signing in (rate-limited) reads the user.
    ...(ofWorkflow || access !== 'public' || rateLimit ? [503] : []),
  ];
}

const documented = (status: number) => ({
  description: problemDocument(status, '').title,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

/** Documents the problem answers of every route registered after it (the docs pages aside). */
export function documentProblems(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide || route.url.startsWith('/docs')) return;
    const { '4xx': _, '5xx': __, ...response } = (route.schema?.response ?? {}) as Record<string, unknown>;
    const listed = Object.keys(response).filter((status) => response[status] === problem);
    const implied = impliedStatuses(route).filter((status) => !(status in response));
    for (const status of [...listed.map(Number), ...implied]) response[status] = documented(status);
    route.schema = { ...route.schema, response };
  });
}
