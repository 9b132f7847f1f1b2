/**
 * What the browser downloads for the app's first screen: the scripts and styles that
 * web/dist/index.html loads (entry script, the chunks it preloads, styles), raw and gzipped.
 * Budget: 150 KB of JavaScript gzipped. Builds the app first when it is stale.
 *
 *   npm run bench:web
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebApp } from '../scripts/web-app';
import { say } from './statistics';

const BUDGET_KB = 150;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

(async () => {
  const dist = await ensureWebApp();
  const page = readFileSync(path.join(dist, 'index.html'), 'utf8');
  // Everything the page references under /app/: <script src>, <link rel=modulepreload|stylesheet href>.
  const files = [...page.matchAll(/(?:src|href)="\/app\/([^"]+)"/g)].map((m) => m[1]);
  const sizes = files.map((file) => {
    const bytes = readFileSync(path.join(dist, file));
    return { file, raw: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
  for (const s of sizes) say(`${s.file}: ${kb(s.raw)} KB, ${kb(s.gzipped)} KB gzipped`);
  const scripts = sizes.filter((s) => s.file.endsWith('.js'));
  const total = scripts.reduce((sum, s) => sum + s.gzipped, 0);
  say(`first screen's JavaScript: ${kb(total)} KB gzipped in ${scripts.length} file(s) (budget ${BUDGET_KB} KB)`);
  if (total > BUDGET_KB * 1024) process.exitCode = 1;
})().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
