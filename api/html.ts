/** The few pages people open from a link or a browser (acknowledgement, codec sign-in), and the forms they post. */
import type { FastifyInstance } from 'fastify';

export const page = (title: string, body: string) =>
  `<!doctype html><html lang="sr-Latn"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:30em;margin:3em auto">${body}</body></html>`;

/** Lets the routes of this scope (only them) read HTML-form and Twilio posts. */
export function acceptForms(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
