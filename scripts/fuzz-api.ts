/**
 * `npm run fuzz`: a bounded, deterministic fuzzing pass of the OpenAPI document against a
 * throwaway real stack (Temporal dev server, embedded PostgreSQL, worker, API), signed in as an
 * admin (the national view as a national-office user), with schemathesis (PyPI, pinned, in a
 * virtual environment under `.tools/`).
 *
 * Passes when no answer is a 5xx and every answer is documented: its status, its content type
 * and its body's schema. Fixed examples per operation and a fixed seed: the same requests on
 * every run. Exit 1 on any failure; the stack's own error lines (LOG_LEVEL=error) tell why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNationalOfficeUser } from '../services/organisations';
import { eventually, openCaseFor, seedOrganisation, signIn, type Organisation } from '../test/support/api-client';
import { startStack, type Stack } from '../test/support/stack';
import { ensureTemporalCli, TOOLS_DIR } from './tools';

export const SCHEMATHESIS_VERSION = '4.32.5';
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 25);
const SEED = 11;
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];

/**
 * Left out, because fuzzing them would end the fuzzing itself, not because they are safe:
 * logging out ends the admin's session, and an admin could demote or deactivate themselves.
 * (Their answers are covered by the API tests.)
 */
const EXCLUDED = ['POST /auth/logout'];

function progress(message: string): void {
  process.stderr.write(`[fuzz] ${message}\n`);
}

/** `.tools/schemathesis-<version>/bin/schemathesis`, installed from PyPI on first use. */
function ensureSchemathesis(): string {
  const venv = path.join(TOOLS_DIR, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const binary = path.join(venv, 'bin', 'schemathesis');
  if (existsSync(binary)) return binary;
  progress(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv}`);
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  };
  rmSync(venv, { recursive: true, force: true });
  run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  return binary;
}

interface Fixtures {
  token: string;
  /** A national-office user's session, for the only routes that role may call. */
  nationalToken: string;
  /** Real objects for the path parameters of the same name. */
  ids: Record<string, string[]>;
  /** Path parameters fixed for one operation, by its name. */
  fixed: Record<string, Record<string, string>>;
}

async function ok(answer: Promise<{ status: number; text: string; body: any }>, what: string): Promise<any> {
  const { status, text, body } = await answer;
  if (status >= 300) throw new Error(`seeding, ${what}: ${status} ${text}`);
  return body;
}

/** An organisation with people, contacts, cases with a hearing, visits and a calendar feed. */
async function seed(stack: Stack): Promise<Fixtures> {
  const org: Organisation = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Fuzz');
  const { admin, coordinator, caseworker } = org;
  const contact = (displayName: string, phone: string, userId?: string) =>
    ok(admin.api.post('/contacts', { displayName, phone, ...(userId ? { userId } : {}) }), `contact ${displayName}`);
  const duty = await contact('Duty coordinator', '+381641230001', coordinator.id);
  const police = await contact('Police liaison', '+381641230002');
  await contact('Caseworker', '+381641230003', caseworker.id);
  await ok(admin.api.patch('/organisation/settings', { dutyCoordinatorContactId: duty.id }), 'duty coordinator');
  const cases = [await openCaseFor(org), await openCaseFor(org, { caseworkerId: org.otherCaseworker.id }), await openCaseFor(org)];
  const erasable = await openCaseFor(org);
  const at = new Date(Date.now() + 10 * 86_400_000).toISOString();
  await ok(caseworker.api.post(`/cases/${cases[0].id}/hearings`, { hearingId: 'h1', at, kind: 'MAIN' }), 'hearing');
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  const visits = [
    await ok(caseworker.api.post('/field-visits', { expectedEndAt: inAnHour, caseId: cases[0].id }), 'visit'),
    await ok(admin.api.post('/field-visits', { expectedEndAt: inAnHour, safetyContactIds: [police.id] }), "admin's visit"),
  ];
  // Alerts to acknowledge: a perpetrator released, and a panic on the caseworker's visit.
  await ok(caseworker.api.post(`/cases/${cases[0].id}/perpetrator-status`, { status: 'RELEASED' }), 'release');
  await ok(caseworker.api.post(`/field-visits/${visits[0].id}/panic`), 'panic');
  type Alert = { alertKey: string; caseId: string | null };
  const { alerts } = await eventually<{ alerts: Alert[] }>(
    () => ok(admin.api.get('/alerts'), 'alerts'),
    (answer) => answer.alerts.length >= 2,
  );
  const caseAlert = alerts.find((a) => a.caseId === cases[0].id);
  if (!caseAlert) throw new Error('seeding: the release raised no alert');
  const token = await ok(admin.api.post('/tokens', { name: 'court import' }), 'token');
  const feed = await ok(caseworker.api.post('/me/calendar-feed'), 'calendar feed');
  const office = await createNationalOfficeUser(stack.database.prisma, 'national@fuzz.test', 'National office');
  return {
    token: admin.api.token!,
    nationalToken: (await signIn(stack.apiUrl, office.email, office.password)).token!,
    ids: {
      caseId: cases.map((c) => c.id),
      hearingId: ['h1'],
      alertKey: alerts.map((a) => a.alertKey),
      visitId: visits.map((v) => v.id),
      contactId: [duty.id, police.id],
      // Not the admin: fuzzing PATCH /users/{userId} on the fuzzing admin would end or demote the run.
      userId: [coordinator.id, caseworker.id, org.otherCaseworker.id],
      tokenId: [token.id],
      secret: [/\/calendar\/(.+)\.ics$/.exec(feed.url)![1]],
    },
    fixed: {
      // A case of its own: an erased case takes no more events, which would starve the others.
      'POST /cases/{caseId}/erasure': { caseId: erasable.id },
      'POST /cases/{caseId}/alerts/{alertKey}/acknowledge': { caseId: cases[0].id, alertKey: caseAlert.alertKey },
    },
  };
}

/** schemathesis.toml: path parameters mostly name real objects, sometimes anything. */
function configFile(fixtures: Fixtures, dir: string): string {
  const lines = [
    // Every run the same: no failures remembered from an earlier run.
    '[cache]',
    'enabled = false',
    '[dictionaries]',
    ...Object.entries(fixtures.ids).map(([name, values]) => `${name} = { values = ${JSON.stringify(values)} }`),
    '[parameters]',
    ...Object.keys(fixtures.ids).map((name) => `"path.${name}" = { dictionary = "${name}", probability = 0.8 }`),
    ...EXCLUDED.flatMap((name) => ['[[operations]]', `include-name = "${name}"`, 'enabled = false']),
    // The national view answers only the national office: its token instead of the admin's.
    '[[operations]]',
    'include-path-regex = "^/evaluation/national"',
    `headers = { Authorization = "Bearer ${fixtures.nationalToken}" }`,
    ...Object.entries(fixtures.fixed).flatMap(([name, values]) => [
      '[[operations]]',
      `include-name = "${name}"`,
      `parameters = { ${Object.entries(values)
        .map(([key, value]) => `"path.${key}" = "${value}"`)
        .join(', ')} }`,
    ]),
  ];
  const file = path.join(dir, 'schemathesis.toml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function runSchemathesis(binary: string, config: string, apiUrl: string, fixtures: Fixtures, reportDir: string): Promise<number> {
  const args = [
    '--config-file',
    config,
    'run',
    `${apiUrl}/openapi.json`,
    '--header',
    `Authorization: Bearer ${fixtures.token}`,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    String(SEED),
    '--generation-database',
    'none',
    // One worker: hypothesis's lambda descriptions are not thread-safe on CPython 3.11 (ast.parse).
    '--workers',
    '1',
    '--phases',
    'examples,coverage,fuzzing',
    '--report',
    'ndjson',
    '--report-dir',
    reportDir,
    '--no-color',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: reportDir, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** Requests by status, and operations that passed or failed, from schemathesis's NDJSON report. */
function summary(reportDir: string): { requests: string; operations: string } {
  const report = readdirSync(reportDir).find((name) => name.endsWith('.ndjson'));
  const lines = report ? readFileSync(path.join(reportDir, report), 'utf8').split('\n').filter(Boolean) : [];
  const statusOf = new Map<string, number>();
  const failed = new Set<string>();
  const operations = new Set<string>();
  for (const line of lines) {
    const scenario = JSON.parse(line).ScenarioFinished;
    if (!scenario?.recorder) continue;
    const { label, interactions = {} } = scenario.recorder;
    operations.add(label);
    if (scenario.status === 'failure' || scenario.status === 'error') failed.add(label);
    for (const [id, interaction] of Object.entries<any>(interactions))
      statusOf.set(`${label} ${id}`, interaction.response?.status_code ?? 0);
  }
  const byStatus = new Map<number, number>();
  for (const status of statusOf.values()) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status || 'no answer'}: ${n}`);
  return {
    requests: `${operations.size} operations, ${statusOf.size} requests (${statuses.join(', ')})`,
    operations: `${operations.size - failed.size} passed, ${failed.size} failed`,
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  const binary = ensureSchemathesis();
  process.env.VIGIL_TEMPORAL_CLI ??= await ensureTemporalCli();
  progress('starting a throwaway stack');
  const stack = await startStack();
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-fuzz-'));
  let passed = false;
  try {
    const fixtures = await seed(stack);
    progress(`fuzzing ${stack.apiUrl}/openapi.json: ${MAX_EXAMPLES} examples per operation, seed ${SEED}`);
    passed = (await runSchemathesis(binary, configFile(fixtures, dir), stack.apiUrl, fixtures, dir)) === 0;
    const { requests, operations } = summary(dir);
    progress(`${requests} in ${Math.round((Date.now() - started) / 1000)} s`);
    process.stdout.write(`operations: ${operations}\n`);
    return passed ? 0 : 1;
  } finally {
    await stack.stop();
    if (passed) rmSync(dir, { recursive: true, force: true });
    else progress(`the report and the configuration are kept in ${dir}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[fuzz] ${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  },
);
