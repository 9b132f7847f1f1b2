/**
 * Provisions the Temporal binaries this project needs, through package registries only
 * (the usual installers download from websites, which this kind of machine cannot reach):
 *  - the Temporal CLI dev server, built with `go install` from the Go module proxy;
 *  - the Java time-skipping test server, fetched from Maven Central.
 * Both are pinned and cached under `.tools/` (git-ignored) and reused when present.
 *
 * `npx tsx scripts/tools.ts` provisions both and prints where they are.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1'; // last release go-installable (later ones carry a go.mod replace)
export const TEST_SERVER_VERSION = '1.38.0';
/** Temporal's own server for `npm run cluster` (the server the CLI above embeds). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

const ROOT = path.resolve(__dirname, '..');
export const TOOLS_DIR = process.env.VIGIL_TOOLS_DIR ?? path.join(ROOT, '.tools');

function progress(message: string): void {
  process.stderr.write(`[tools] ${message}\n`);
}

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * Runs a command with its output in `logFile`, showing one progress line (what, elapsed time):
 * redrawn in place on a terminal, a heartbeat every 30 s otherwise. The log is shown only when
 * the command fails.
 */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, what: string, logFile: string): Promise<void> {
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const terminal = process.stderr.isTTY;
  mkdirSync(path.dirname(logFile), { recursive: true });
  const output = openSync(logFile, 'w');
  const shown = path.relative(process.cwd(), logFile);
  progress(`${what}: full output in ${shown.startsWith('..') ? logFile : shown}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', output, output] });
    const tick = () =>
      terminal ? process.stderr.write(`\r[tools] ${what}: ${elapsed()}  `) : progress(`${what}: still working (${elapsed()})`);
    const timer = setInterval(tick, terminal ? 1_000 : 30_000);
    const finish = (error?: Error) => {
      clearInterval(timer);
      closeSync(output);
      if (terminal) process.stderr.write('\n');
      if (!error) {
        progress(`${what}: done in ${elapsed()}`);
        return resolve();
      }
      process.stderr.write(readFileSync(logFile, 'utf8'));
      reject(error);
    };
    child.on('error', (error) => finish(new Error(`${what}: cannot run ${command}: ${error.message}`)));
    child.on('exit', (code) =>
      finish(code === 0 ? undefined : new Error(`${what}: ${command} exited with code ${code} (its output is above and in ${logFile})`)),
    );
  });
}

/** The `temporal` CLI: TEMPORAL_CLI wins, then one on PATH, then our cached build. */
export async function ensureTemporalCli(): Promise<string> {
  const configured = process.env.TEMPORAL_CLI;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`TEMPORAL_CLI=${configured}: no such file; unset it to build the CLI here`);
    return configured;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;

  const dir = path.join(TOOLS_DIR, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  await goInstall(dir, [`github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    what: `Temporal CLI ${TEMPORAL_CLI_VERSION}`,
    logName: `temporal-cli-${TEMPORAL_CLI_VERSION}`,
    otherwise: 'or put a `temporal` binary on PATH, or set TEMPORAL_CLI=/path/to/temporal, or set TEMPORAL_ADDRESS to a running server',
  });
  return path.join(dir, 'temporal');
}

/**
 * `go install`s `packages` (pinned) into `dir` unless each binary is there already, with one
 * progress line and the build's output in .tools/logs/<logName>.log.
 */
async function goInstall(dir: string, packages: string[], build: { what: string; logName: string; otherwise: string }): Promise<void> {
  if (packages.every((p) => existsSync(path.join(dir, path.basename(p.split('@')[0]))))) return;
  const { what, logName, otherwise } = build;
  const go = onPath('go');
  if (!go) {
    throw new Error(
      `The ${what} is needed and Go is not installed: install Go >= 1.25 (it builds it from the Go module proxy), ${otherwise}.`,
    );
  }
  progress(`building the ${what} with go install (first time only, several minutes)`);
  mkdirSync(dir, { recursive: true });
  await run(
    go,
    ['install', '-v', ...packages],
    { ...process.env, GOBIN: dir },
    `${what} build`,
    path.join(TOOLS_DIR, 'logs', `${logName}.log`),
  );
}

/**
 * Temporal's own server (`server`, run once per service) and its schema tool (`sql`), for the
 * production-shaped cluster of `npm run cluster`; `schemaDir` is the module's PostgreSQL schemas.
 */
export async function ensureTemporalServer(): Promise<{ server: string; sqlTool: string; schemaDir: string }> {
  const dir = path.join(TOOLS_DIR, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const module = 'go.temporal.io/server';
  await goInstall(dir, [`${module}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${module}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`], {
    what: `Temporal server ${TEMPORAL_SERVER_VERSION}`,
    logName: `temporal-server-${TEMPORAL_SERVER_VERSION}`,
    otherwise: 'or run the cluster elsewhere and point TEMPORAL_ADDRESS at its frontend',
  });
  // The module's source is in Go's module cache after the install; this names its folder.
  const listed = spawnSync('go', ['mod', 'download', '-json', `${module}@${TEMPORAL_SERVER_VERSION}`], { encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`go mod download ${module}@${TEMPORAL_SERVER_VERSION} failed: ${listed.stderr.trim()}`);
  const moduleDir = (JSON.parse(listed.stdout) as { Dir: string }).Dir;
  return {
    server: path.join(dir, 'server'),
    sqlTool: path.join(dir, 'sql'),
    schemaDir: path.join(moduleDir, 'schema', 'postgresql', 'v12'),
  };
}

/** A launcher script for the Java test server, given to @temporalio/testing as an existing path. */
export async function ensureTestServer(): Promise<string> {
  const dir = path.join(TOOLS_DIR, `temporal-test-server-${TEST_SERVER_VERSION}`);
  const launcher = path.join(dir, 'temporal-test-server');
  if (existsSync(launcher)) return launcher;
  const mvn = onPath('mvn');
  if (!mvn || !onPath('java')) {
    throw new Error('The time-skipping test server needs Java >= 17 and Maven on PATH (it comes from Maven Central).');
  }
  const lib = path.join(dir, 'lib');
  progress(`fetching temporal-test-server ${TEST_SERVER_VERSION} from Maven Central`);
  await run(
    mvn,
    [
      '-q',
      '-f',
      path.join(ROOT, 'scripts', 'test-server', 'pom.xml'),
      `-DtestServerVersion=${TEST_SERVER_VERSION}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${lib}`,
    ],
    process.env,
    'test server fetch',
    path.join(TOOLS_DIR, 'logs', `temporal-test-server-${TEST_SERVER_VERSION}.log`),
  );
  if (!readdirSync(lib).some((f) => f.startsWith('temporal-test-server'))) throw new Error(`test server jar missing in ${lib}`);
  // The SDK starts the server as `<launcher> <port> [flags]`, the same arguments TestServer's main takes.
  writeFileSync(launcher, `#!/bin/sh\nexec java -Xmx512m -cp '${lib}/*' io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(launcher, 0o755);
  return launcher;
}

if (require.main === module) {
  (async () => {
    progress(`Temporal CLI: ${await ensureTemporalCli()}`);
    progress(`test server: ${await ensureTestServer()}`);
  })().catch((error: Error) => {
    progress(error.message);
    process.exit(1);
  });
}
