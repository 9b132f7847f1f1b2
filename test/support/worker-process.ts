/** `npm run worker` (worker/main.ts) or `npm run api` as a process of its own: for benches and the crash and cluster tests. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface WorkerProcess {
  pid: number;
  /** SIGTERM: the process shuts down in order. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing is told to Temporal. */
  kill(): Promise<void>;
}

/** Ready once it logs that it runs; `env` adds to (or blanks out) this process's environment. */
export function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  return startVigilProcess('worker/main.ts', 'worker running', env);
}

/** The API on API_PORT (set it in `env`), ready once it listens. */
export function startApiProcess(env: Record<string, string>): Promise<WorkerProcess> {
  return startVigilProcess('api/main.ts', 'API listening', env);
}

async function startVigilProcess(entry: string, ready: string, env: Record<string, string>): Promise<WorkerProcess> {
  // `node --import tsx`, not the tsx command: its launcher would be another process (memory, signals).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', entry)], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited with code ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(ready)) resolve();
    });
  });
  child.stdout!.resume();
  const signal = (name: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(name);
    });
  return { pid: child.pid!, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
