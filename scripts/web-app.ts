/**
 * Builds the web app (web/) into web/dist with Vite when it is missing or older than its
 * sources, with one progress line (the build's output goes to .tools/logs/web-app.log, shown
 * only if it fails). `npm start` and the browser tests call this; `npm run web:build` forces it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILT_WEB_APP } from '../api/web-app';
import { run, TOOLS_DIR } from './tools';

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
/** What the build reads: the app's sources, its page and build settings, and the installed packages. */
const INPUTS = [
  path.join(WEB, 'src'),
  path.join(WEB, 'index.html'),
  path.join(WEB, 'vite.config.mts'),
  path.join(ROOT, 'package-lock.json'),
];

function newestChange(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newestChange(path.join(file, name))));
}

export function webAppIsStale(): boolean {
  const index = path.join(BUILT_WEB_APP, 'index.html');
  if (!existsSync(index)) return true;
  return Math.max(...INPUTS.map(newestChange)) > statSync(index).mtimeMs;
}

/** The built app's folder, built first when stale (or always, with `force`). */
export async function ensureWebApp(force = false): Promise<string> {
  if (force || webAppIsStale()) {
    const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
    await run(
      process.execPath,
      [vite, 'build', '--config', path.join(WEB, 'vite.config.mts')],
      process.env,
      'web app build',
      path.join(TOOLS_DIR, 'logs', 'web-app.log'),
    );
  }
  return BUILT_WEB_APP;
}

if (require.main === module) {
  ensureWebApp(true).catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
