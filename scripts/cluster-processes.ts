/**
 * The processes `npm run cluster up` leaves running: each started detached with its output in
 * a log file under the cluster's folder, and written to a table (processes.json) that `status`
 * reads and `down` stops. A pid is ours only while its command line is still the one recorded,
 * so a pid the system has since given to another program is never signalled.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';

export interface ClusterProcess {
  name: string;
  pid: number;
  /** The command line as /proc shows it when it started (NUL-separated arguments, joined by spaces). */
  command: string;
  log: string;
  /** What to show on `status`: an address, or a role. */
  about: string;
}

const tableFile = (dir: string) => path.join(dir, 'processes.json');

export function readProcesses(dir: string): ClusterProcess[] {
  const file = tableFile(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterProcess[]) : [];
}

function writeProcesses(dir: string, processes: ClusterProcess[]): void {
  writeFileSync(tableFile(dir), JSON.stringify(processes, null, 2));
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}

/** Whether the recorded process still runs (and is still that process). */
export const isRunning = (p: ClusterProcess) => commandLine(p.pid) === p.command;

/** Starts `command` detached (it outlives this script), its output in logs/<name>.log, and records it. */
export function startProcess(
  dir: string,
  spec: { name: string; command: string; args: string[]; env: NodeJS.ProcessEnv; about: string; cwd?: string },
): ClusterProcess {
  const logs = path.join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const log = path.join(logs, `${spec.name}.log`);
  const output = openSync(log, 'w');
  const child = spawn(spec.command, spec.args, { env: spec.env, cwd: spec.cwd, detached: true, stdio: ['ignore', output, output] });
  closeSync(output);
  child.unref();
  const started: ClusterProcess = {
    name: spec.name,
    pid: child.pid!,
    command: [spec.command, ...spec.args].join(' '),
    log,
    about: spec.about,
  };
  writeProcesses(dir, [...readProcesses(dir).filter((p) => p.name !== spec.name), started]);
  return started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops one recorded process: `signal` (SIGTERM lets it finish in order; SIGKILL is a crash), then waits for it to end. */
export async function stopProcess(dir: string, name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const found = readProcesses(dir).find((p) => p.name === name);
  if (found && isRunning(found)) {
    process.kill(found.pid, signal);
    for (let waited = 0; isRunning(found); waited += 100) {
      if (waited === 20_000) process.kill(found.pid, 'SIGKILL');
      await sleep(100);
    }
  }
  writeProcesses(
    dir,
    readProcesses(dir).filter((p) => p.name !== name),
  );
}

/** Waits until `ready()` holds, failing early with the log's last lines if the process ends. */
export async function waitUntil(process: ClusterProcess, ready: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    const tail = () => readFileSync(process.log, 'utf8').trim().split('\n').slice(-5).join('\n');
    if (!isRunning(process)) throw new Error(`${process.name} ended while starting; the end of ${process.log}:\n${tail()}`);
    if (Date.now() > deadline) throw new Error(`${process.name} was not ready within ${timeoutMs / 1000} s; see ${process.log}`);
    await sleep(250);
  }
}

/** Whether a log file holds `text` (a service's "ready" line). */
export const logSays = (file: string, text: string) => async () => existsSync(file) && readFileSync(file, 'utf8').includes(text);
