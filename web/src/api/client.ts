/**
 * The one API client of the app: openapi-fetch typed by schema.d.ts, which
 * `npm run web:api-types` generates from the API's own OpenAPI document (a jest test fails when
 * it is stale). Same origin: the session is the HttpOnly cookie the API sets at sign-in, which no
 * script can read; every request sends the header the API asks of cookie-signed changes.
 *
 *   const tasks = await must(api.GET('/me/tasks', { params: { query: { days: 31 } } }));
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type Task = Schemas['Task'];
export type RuleName = NonNullable<Task['rule']>;
export type RiskLevel = NonNullable<Task['riskLevel']>;
export const RISK_LEVELS: RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

let language = 'en';
/** The language the API answers its own lines in (language.tsx keeps it in step). */
export function setApiLanguage(code: string): void {
  language = code;
}

export const api = createClient<paths>({ credentials: 'same-origin', headers: { 'x-vigil-app': '1' } });
api.use({
  onRequest({ request }) {
    request.headers.set('accept-language', language);
    return request;
  },
});

/** What the API refused, as its problem document says (`field` names the input to blame). */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  get status(): number {
    return this.problem.status;
  }
}

/** The answer's data; throws ApiProblem for an error answer (status 0: the API was not reached). */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: Awaited<typeof call>;
  try {
    answer = await call;
  } catch {
    throw new ApiProblem({ type: 'urn:vigil:problem:network', title: 'Network', status: 0, detail: 'unreachable' });
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  const problem = (error as Problem | undefined)?.detail
    ? (error as Problem)
    : { type: 'urn:vigil:problem:unknown', title: response.statusText, status: response.status, detail: response.statusText };
  throw new ApiProblem(problem);
}

export type User = paths['/me']['get']['responses'][200]['content']['application/json'];
export type Role = User['role'];
