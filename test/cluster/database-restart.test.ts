/**
 * The application's PostgreSQL stopped and started again under two API processes on the cluster:
 * meanwhile every request answers 503 with Retry-After (never 500), and none is half-applied: an
 * event refused then is not in the case, a case refused then has no workflow. Afterwards both
 * APIs answer again without a restart of their own.
 */
import { hashPassword } from '../../services/passwords';
import { startPostgres, stopPostgres } from '../../scripts/cluster-postgres';
import { ApiClient, signIn } from '../support/api-client';
import { startClusterBed, until, type ClusterBed } from './cluster-bed';

let bed: ClusterBed;
let apis: ApiClient[];
beforeAll(async () => {
  bed = await startClusterBed('postgres');
  await bed.startWorker();
  const urls = [(await bed.startApi()).url, (await bed.startApi()).url];
  await bed.database.prisma.organisation.create({
    data: {
      name: 'Database restart',
      users: {
        create: {
          email: 'admin@restart.test',
          displayName: 'Admin',
          role: 'ADMIN',
          passwordHash: await hashPassword('restart-password-1'),
        },
      },
    },
  });
  const signedIn = await signIn(urls[0], 'admin@restart.test', 'restart-password-1');
  // One session, both processes: it lives in the shared database.
  apis = urls.map((url) => new ApiClient(url, signedIn.token));
}, 180_000);
afterAll(async () => {
  startPostgres(bed.layout.vigilPostgres);
  await bed?.stop();
});

test('PostgreSQL restarted under the APIs: 503 with Retry-After meanwhile, nothing half-applied, service resumes', async () => {
  const opened = await apis[0].post('/cases', { caseCode: 'PG-1', riskLevel: 'HIGH' });
  expect(opened.status).toBe(201);
  const caseId = opened.body.id;
  expect((await apis[1].post(`/cases/${caseId}/relocations`, { kind: 'RELOCATED' })).status).toBe(200);

  stopPostgres(bed.layout.vigilPostgres);
  const during = await Promise.all(
    apis.flatMap((api) => [
      api.get(`/cases/${caseId}`),
      api.post(`/cases/${caseId}/relocations`, { kind: 'RELOCATED' }),
      api.post('/cases', { caseCode: 'PG-2', riskLevel: 'HIGH' }),
    ]),
  );
  const ready = await Promise.all(apis.map((api) => api.get('/ready')));
  startPostgres(bed.layout.vigilPostgres);

  for (const answer of during) {
    expect(answer.status).toBe(503);
    expect(answer.contentType).toContain('application/problem+json');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  expect(ready.map((r) => [r.status, r.body.database.ok])).toEqual([
    [503, false],
    [503, false],
  ]);

  // Both APIs answer again once PostgreSQL is back, on connections of their pools made anew.
  for (const api of apis)
    expect(
      (
        await until(
          () => api.get(`/cases/${caseId}`),
          (r) => r.status === 200,
          30_000,
        )
      ).status,
    ).toBe(200);
  expect((await apis[0].post(`/cases/${caseId}/relocations`, { kind: 'RELOCATED' })).status).toBe(200);

  // The two relocations answered 200 are the case's only ones; the cases refused were never started.
  const relocations = await until(
    () => bed.database.prisma.caseTimelineEntry.count({ where: { caseId, kind: 'relocation.recorded' } }),
    (n) => n >= 2,
    30_000,
  );
  expect(relocations).toBe(2);
  const state = await apis[1].get(`/cases/${caseId}/timeline`);
  expect(state.status).toBe(200);
  const organisationId = (await bed.database.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).organisationId;
  expect(await bed.database.prisma.case.count({ where: { organisationId } })).toBe(1);
  const { count } = await bed.client.workflow.count(`VigilOrganisationId = "${organisationId}"`);
  expect(count).toBe(1);
}, 240_000);
