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
function run(command: string, args: string[], env: NodeJS.ProcessEnv, what: string, logFile: string): Promise<void> {
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
  const binary = path.join(dir, 'temporal');
  if (existsSync(binary)) return binary;
  const go = onPath('go');
  if (!go) {
    throw new Error(
      'The Temporal CLI is needed and Go is not installed: install Go >= 1.25 (it builds the CLI from the Go module proxy), ' +
        'or put a `temporal` binary on PATH, or set TEMPORAL_CLI=/path/to/temporal, or set TEMPORAL_ADDRESS to a running server.',
    );
  }
  progress(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first time only, several minutes)`);
  mkdirSync(dir, { recursive: true });
  await run(
    go,
    ['install', '-v', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`],
    { ...process.env, GOBIN: dir },
    'Temporal CLI build',
    path.join(TOOLS_DIR, 'logs', `temporal-cli-${TEMPORAL_CLI_VERSION}.log`),
  );
  return binary;
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
