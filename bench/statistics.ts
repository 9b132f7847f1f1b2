/** The figures benchmarks print. */
import { readFileSync } from 'node:fs';

/** The p-th percentile (nearest rank) of ascending `sorted`. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export const say = (line: string) => process.stdout.write(`${line}\n`);

/** Resident memory of a process in MB, from /proc (Linux). */
export const rss = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);
