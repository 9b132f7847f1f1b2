/** Talking to the API over real HTTP as the people of an organisation, for the API tests. */
import type { PrismaClient } from '../../generated/prisma/client';
import { hashPassword } from '../../services/passwords';

export interface Answer<T = any> {
  status: number;
  contentType: string;
  body: T;
  text: string;
  headers: Headers;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      contentType,
      body: contentType.includes('json') && text ? JSON.parse(text) : text,
      text,
      headers: response.headers,
    };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body);
  put = <T = any>(path: string, body?: unknown) => this.request<T>('PUT', path, body);
  patch = <T = any>(path: string, body?: unknown) => this.request<T>('PATCH', path, body);
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);
}

export interface Person {
  id: string;
  email: string;
  password: string;
  api: ApiClient;
}

export interface Organisation {
  id: string;
  admin: Person;
  coordinator: Person;
  caseworker: Person;
  /** A second caseworker: the cases of `caseworker` are not theirs. */
  otherCaseworker: Person;
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<ApiClient> {
  const answer = await new ApiClient(baseUrl).post('/auth/login', { email, password });
  if (answer.status !== 200) throw new Error(`login of ${email} failed: ${answer.status} ${answer.text}`);
  return new ApiClient(baseUrl, answer.body.token);
}

/**
 * An organisation with its admin (written to the database, as `npm start` does for the first
 * one), and a coordinator and two caseworkers the admin creates through the API. Everyone signed in.
 */
export async function seedOrganisation(prisma: PrismaClient, baseUrl: string, name: string): Promise<Organisation> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const adminPassword = `admin-password-${slug}`;
  const organisation = await prisma.organisation.create({
    data: {
      name,
      users: {
        create: { email: `admin@${slug}.test`, displayName: 'Admin', role: 'ADMIN', passwordHash: await hashPassword(adminPassword) },
      },
    },
    include: { users: true },
  });
  const adminApi = await signIn(baseUrl, `admin@${slug}.test`, adminPassword);
  const person = async (role: 'COORDINATOR' | 'CASEWORKER', local: string): Promise<Person> => {
    const email = `${local}@${slug}.test`;
    const password = `password-of-${local}-${slug}`;
    const created = await adminApi.post('/users', { email, displayName: local, role, password });
    if (created.status !== 201) throw new Error(`creating ${email}: ${created.status} ${created.text}`);
    return { id: created.body.user.id, email, password, api: await signIn(baseUrl, email, password) };
  };
  return {
    id: organisation.id,
    admin: { id: organisation.users[0].id, email: `admin@${slug}.test`, password: adminPassword, api: adminApi },
    coordinator: await person('COORDINATOR', 'coordinator'),
    caseworker: await person('CASEWORKER', 'caseworker'),
    otherCaseworker: await person('CASEWORKER', 'other-caseworker'),
  };
}

let codes = 0;
/** A case of `org`'s caseworker, opened by its coordinator through the API. */
export async function openCaseFor(org: Organisation, body: Record<string, unknown> = {}): Promise<any> {
  const answer = await org.coordinator.api.post('/cases', {
    caseCode: `BG-${process.pid}-${++codes}`,
    riskLevel: 'MEDIUM',
    caseworkerId: org.caseworker.id,
    ...body,
  });
  if (answer.status !== 201) throw new Error(`opening a case: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** Polls until `ok` holds (for what the workflows do in the background). */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
