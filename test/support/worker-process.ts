/** `npm run worker` (worker/main.ts) as a process of its own: for the caseload bench and the crash test. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface WorkerProcess {
  pid: number;
  /** SIGTERM: the worker shuts down in order. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing is told to Temporal. */
  kill(): Promise<void>;
}

/** Ready once it logs that it runs; `env` adds to (or blanks out) this process's environment. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  // `node --import tsx`, not the tsx command: its launcher would be another process (memory, signals).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'worker', 'main.ts')], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the worker exited with code ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker running')) resolve();
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
