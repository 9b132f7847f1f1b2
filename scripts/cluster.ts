/**
 * `npm run cluster -- up | down | status`: Vigil on a production-shaped cluster on this machine.
 * Two PostgreSQL servers (Temporal's persistence and SQL visibility; Vigil's application
 * database), Temporal's frontend, history, matching and internal worker as separate processes
 * (cluster/vigil.yaml), then two Vigil workers and two API processes sharing the application
 * database. Everything lives under VIGIL_DATA_DIR/cluster (logs in logs/); `up` is idempotent,
 * `down` stops all of it and keeps the data. Messaging settings (SMTP_*, TWILIO_*) are passed on
 * to the workers and APIs from this command's environment.
 */
import path from 'node:path';
import { openDatabase } from '../platform/database';
import { ensureFirstAdmin } from '../services/organisations';
import { runCommand } from './command';
import { clusterLayout, startInfrastructure, stopCluster, type ClusterLayout } from './cluster-layout';
import { isPostgresRunning } from './cluster-postgres';
import { isRunning, logSays, readProcesses, startProcess, waitUntil } from './cluster-processes';
import { frontendAddress } from './cluster-temporal';
import { applyMigrations } from './db';
import { ensureDatabase } from './cluster-postgres';

const ROOT = path.resolve(__dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The environment of Vigil's own processes on the cluster. */
export function vigilEnv(layout: ClusterLayout): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: frontendAddress(layout),
    TEMPORAL_NAMESPACE: layout.namespace,
    DATABASE_URL: layout.databaseUrl,
    VIGIL_DATA_KEY: layout.dataKey.toString('base64'),
    VIGIL_DATA_DIR: layout.dir,
  };
}

/** Starts one Vigil process (`worker/main.ts` or `api/main.ts`) unless it runs, and waits until it is ready. */
async function startVigilProcess(layout: ClusterLayout, name: string, entry: string, env: NodeJS.ProcessEnv, about: string) {
  const running = readProcesses(layout.dir).find((p) => p.name === name);
  if (running && isRunning(running)) return;
  const started = startProcess(layout.dir, {
    name,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, entry)],
    env,
    cwd: ROOT,
    about,
  });
  const ready = env.API_PORT
    ? async () => (await fetch(`http://127.0.0.1:${env.API_PORT}/ready`)).ok
    : logSays(started.log, 'worker running');
  await waitUntil(started, ready);
}

async function up(): Promise<number> {
  const layout = clusterLayout();
  say("Starting PostgreSQL and Temporal (the first time builds Temporal's server: several minutes)...");
  await startInfrastructure(layout);
  await ensureDatabase(layout.vigilPostgres, 'vigil');
  await applyMigrations(layout.databaseUrl);
  const database = await openDatabase({ databaseUrl: layout.databaseUrl, dataDir: layout.dir });
  const admin = await ensureFirstAdmin(database.prisma).finally(() => database.close());
  const env = vigilEnv(layout);
  for (const n of [1, 2]) await startVigilProcess(layout, `vigil-worker-${n}`, 'worker/main.ts', env, 'Vigil worker');
  for (const [i, port] of layout.apiPorts.entries()) {
    await startVigilProcess(layout, `vigil-api-${i + 1}`, 'api/main.ts', { ...env, API_PORT: String(port) }, `http://127.0.0.1:${port}`);
  }
  say('');
  say('The Vigil cluster is running.');
  status(layout);
  if (admin) say(`  First admin:  ${admin.email}  password: ${admin.password}  (shown once: write it down now)`);
  say('  `npm run cluster -- down` stops it; its data stays.');
  return 0;
}

function status(layout: ClusterLayout): number {
  const processes = readProcesses(layout.dir);
  const line = (name: string, running: boolean, about: string) =>
    say(`  ${name.padEnd(20)} ${(running ? 'running' : 'stopped').padEnd(8)} ${about}`);
  for (const server of [layout.postgres, layout.vigilPostgres]) {
    line(`postgres-${server.name}`, isPostgresRunning(server), `127.0.0.1:${server.port}, data in ${server.dir}`);
  }
  for (const p of processes) line(p.name, isRunning(p), `${p.about} (pid ${p.pid})`);
  say(
    `  Temporal:     ${frontendAddress(layout)} (namespace ${layout.namespace}); connect with TEMPORAL_ADDRESS=${frontendAddress(layout)}`,
  );
  say(`  Database:     DATABASE_URL in the API's environment; password in ${path.join(layout.dir, 'postgres-password')} (0600)`);
  say(`  Logs:         ${path.join(layout.dir, 'logs')}`);
  const down = processes.filter((p) => !isRunning(p)).length;
  return processes.length > 0 && down === 0 ? 0 : 3;
}

const commands: Record<string, () => Promise<number>> = {
  up,
  down: async () => {
    const layout = clusterLayout();
    await stopCluster(layout);
    say(`The Vigil cluster is stopped; its data stays in ${layout.dir}.`);
    return 0;
  },
  status: async () => status(clusterLayout()),
};

if (require.main === module) {
  const command = commands[process.argv[2] ?? ''];
  if (!command) {
    process.stderr.write('usage: npm run cluster -- up | down | status\n');
    process.exit(2);
  }
  runCommand(command, `cluster ${process.argv[2]} failed`);
}
