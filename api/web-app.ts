/**
 * The web app (web/), built into `webApp` (web/dist), served by the API process: same origin, so
 * no CORS and one session cookie (api/web-session.ts). Its pages live under /app/, where no API
 * route is: `/` sends the browser there, every other /app/ path is the app's page (the app's
 * router picks the screen), and /app/assets/ holds the built scripts and styles. Any other path
 * stays the API's, with its JSON 404.
 *
 * The pages carry a strict Content-Security-Policy: scripts and styles from Vigil only, no inline
 * script, no eval, no framing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './context';

/** Where `npm run web:build` (scripts/web-app.ts) writes the app. */
export const BUILT_WEB_APP = path.resolve(__dirname, '..', 'web', 'dist');

export const WEB_APP_PATH = '/app/';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Serves the built app from `root` (its index.html and assets/), when it has been built. */
export function webAppRoutes(app: App, root: string | undefined): void {
  if (!root || !existsSync(path.join(root, 'index.html'))) return;
  app.register(async (scope: App) => {
    scope.register(fastifyStatic, { root, serve: false });
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(PAGE_HEADERS);
      return payload;
    });
    const route = { config: { access: 'public' as const }, schema: { hide: true } };

    scope.get('/', route, async (_request, reply) => reply.redirect(WEB_APP_PATH));
    // Built names carry a content hash: cached for a year, a new build has new names.
    scope.get('/app/assets/*', route, async (request, reply) =>
      reply.sendFile(`assets/${(request.params as { '*': string })['*']}`, { immutable: true, maxAge: '365d' }),
    );
    // Every screen is the same page; it is never cached, so a new build is picked up at once.
    scope.get('/app/*', route, async (_request, reply) =>
      reply.sendFile('index.html', { cacheControl: false }).header('cache-control', 'no-cache'),
    );
    scope.get('/app', route, async (_request, reply) => reply.redirect(WEB_APP_PATH));
  });
}
