/**
 * How every Vigil process runs: what it starts is stopped in reverse order on Ctrl-C or
 * SIGTERM, and a start-up failure is one line naming what to fix, not a stack trace.
 */
import { log } from './logger';

export type Stop = () => Promise<unknown>;

export function runService(name: string, start: (onStop: (stop: Stop) => void) => Promise<void>): void {
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((error: Error) => log.error({ err: error }, `${name}: error while stopping`));
    }
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, `${name}: stopping`);
      void stopAll().then(() => process.exit(0));
    });
  }
  start((stop) => stops.push(stop)).catch(async (error: Error) => {
    await stopAll();
    process.stderr.write(`${name} cannot start: ${error.message.split('\n')[0]}\n`);
    log.debug({ err: error }, 'start-up failure');
    process.exit(1);
  });
}
