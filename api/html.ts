/** The few pages people open from a link or a browser (an alert's page, codec sign-in), and the forms they post. */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';

const STYLE =
  'body{font-family:sans-serif;max-width:30em;margin:2em auto;padding:0 1em;line-height:1.4}' +
  'button{font-size:1.3em;padding:.5em 1em}li{margin:.3em 0}.muted{color:#555}';

/**
 * No script, nothing from elsewhere, no framing, forms only back to this server, and the
 * address (which may be a credential) never sent on as a referrer.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** Every text a page shows that did not come from this file goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `title` is escaped; `body` is HTML, its texts escaped by the caller. */
export const page = (title: string, body: string, lang = 'sr-Latn') =>
  `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
  `<body>${body}</body></html>`;

/** Answers `html` with the pages' security headers. */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(html);
}

/** An HTML answer in the OpenAPI document. */
export const htmlAnswer = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

/** Lets the routes of this scope (only them) read HTML-form and Twilio posts. */
export function acceptForms(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
