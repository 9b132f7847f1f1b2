/**
 * The cluster's PostgreSQL servers: Debian's `postgresql` package (installed with apt-get when
 * missing, as .ci/run does), each server a data directory of its own under the cluster's folder
 * (initdb, then pg_ctl), listening on 127.0.0.1 only with password (SCRAM) authentication.
 * Two servers, as in production: one holds Temporal's persistence and visibility, the other
 * Vigil's application database, so either can be restarted, backed up or moved alone.
 * PostgreSQL refuses to run as root: as root, the servers run as the `postgres` user the package
 * creates, and their directories belong to it.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  name: string;
  dir: string;
  port: number;
  password: string;
}

/** The newest installed PostgreSQL's bin folder, installing Debian's package first if there is none. */
export function postgresBin(): string {
  const installed = () => (existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : []);
  if (!installed().some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))) {
    if (userInfo().uid !== 0) throw new Error("PostgreSQL is not installed: run `apt-get install postgresql` (Debian's package) as root");
    process.stderr.write('[cluster] installing PostgreSQL (apt-get install postgresql)\n');
    for (const args of [
      ['update', '-q'],
      ['install', '-y', '-q', 'postgresql'],
    ]) {
      run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    }
  }
  const newest = installed()
    .sort((a, b) => Number(a) - Number(b))
    .at(-1)!;
  return `/usr/lib/postgresql/${newest}/bin`;
}

/** As root, PostgreSQL's commands run as `postgres`. */
function owner(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(run('id', [flag, 'postgres']).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args[0]} failed: ${String(result.stderr || result.stdout || result.error).trim()}`);
  }
  return String(result.stdout);
}

const pgCtl = (server: PostgresServer, args: string[]) =>
  run(path.join(postgresBin(), 'pg_ctl'), ['-D', server.dir, ...args], { ...owner(), cwd: '/' });

/** Creates the server's directory the first time (superuser `postgres` with `password`). */
function initialise(server: PostgresServer): void {
  if (existsSync(path.join(server.dir, 'PG_VERSION'))) return;
  const user = owner();
  mkdirSync(server.dir, { recursive: true, mode: 0o700 });
  const passwordFile = `${server.dir}.password`;
  writeFileSync(passwordFile, server.password, { mode: 0o600 });
  if (user) for (const file of [server.dir, passwordFile]) chownSync(file, user.uid, user.gid);
  try {
    run(
      path.join(postgresBin(), 'initdb'),
      ['-D', server.dir, '-U', 'postgres', `--pwfile=${passwordFile}`, '--auth-local=peer', '--auth-host=scram-sha-256', '-E', 'UTF8'],
      { ...user, cwd: '/' },
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

export const isPostgresRunning = (server: PostgresServer) =>
  spawnSync(path.join(postgresBin(), 'pg_ctl'), ['-D', server.dir, 'status'], { ...owner(), cwd: '/' }).status === 0;

/** Initialises (first time) and starts the server unless it runs; waits until it accepts connections. */
export function startPostgres(server: PostgresServer): void {
  initialise(server);
  if (isPostgresRunning(server)) return;
  // The socket lives in the data directory: /var/run/postgresql may not exist or belong to the machine's own server.
  const options = `-c listen_addresses=127.0.0.1 -p ${server.port} -k ${server.dir} -c max_connections=300 -c shared_buffers=256MB`;
  pgCtl(server, ['-l', path.join(server.dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
}

export function stopPostgres(server: PostgresServer): void {
  if (isPostgresRunning(server)) pgCtl(server, ['-m', 'fast', '-w', 'stop']);
}

export function postgresUrl(server: PostgresServer, database: string): string {
  return `postgresql://postgres:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}/${database}`;
}

/** Runs `work` on a connection to `database` of the server. */
export async function withPostgres<T>(server: PostgresServer, database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl(server, database) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `database` on the server unless it exists; resolves whether it was created. */
export async function ensureDatabase(server: PostgresServer, database: string): Promise<boolean> {
  return withPostgres(server, 'postgres', async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${database}"`);
    return true;
  });
}
