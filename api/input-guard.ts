/**
 * One guard for every string a request carries, on every route: path parameters and the query
 * before anything else reads them, the body before validation. A string with a control character
 * other than tab and line breaks (NUL, ESC, DEL, C1) or an unpaired surrogate is refused with 400
 * naming the field (domain/text.ts says why): PostgreSQL would refuse it with a 500, and a
 * workflow could carry it into an activity that never succeeds. Single-line fields and codes are
 * stricter still, in their schemas (api/schemas.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { textProblem } from '../domain/text';
import { fieldPathOf, Problem } from './problems';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Twilio's signed inbound SMS: whatever a phone sends, a PANIC must never be refused. Its
     * fields are only matched by patterns, never stored.
     */
    acceptsAnyText?: boolean;
  }
}

type Segment = string | number;

/** Where a value came from: path and query parameters are never free text. */
const LOCATIONS = {
  path: { prefix: 'path parameter ', kind: 'single-line' },
  query: { prefix: 'query parameter ', kind: 'single-line' },
  body: { prefix: '', kind: 'free-text' },
} as const;

/** The first string (or object key) in `value` that is no acceptable text, as a problem; else null. */
export function textProblemIn(value: unknown, location: keyof typeof LOCATIONS): Problem | null {
  const { prefix, kind } = LOCATIONS[location];
  // Iterative: a deeply nested body must not exhaust the stack.
  const stack: { value: unknown; path: Segment[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current, kind);
      if (problem) return new Problem(400, `${prefix}${problem}`, fieldPathOf(path) || undefined);
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        // The key is the sender's own value: named by where it is, never echoed.
        if (textProblem(key, 'single-line'))
          return new Problem(400, `${prefix}a field name is no valid text`, fieldPathOf(path) || undefined);
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}

export function installInputGuard(app: FastifyInstance): void {
  const check = (request: FastifyRequest, location: keyof typeof LOCATIONS) => {
    // No route (404): nothing reads the request.
    if (request.is404 || request.routeOptions.config?.acceptsAnyText) return;
    const problem = textProblemIn(location === 'path' ? request.params : request[location], location);
    if (problem) throw problem;
  };
  // Before access control: a path parameter reaches a database query there.
  app.addHook('onRequest', async (request) => {
    check(request, 'path');
    check(request, 'query');
  });
  app.addHook('preValidation', async (request) => check(request, 'body'));
}
