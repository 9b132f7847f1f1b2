/**
 * An alert's page for the people it pages, most of whom are not users (police, lawyers, shelter
 * staff): `GET /a/{token}`, the link in every urgent SMS and email (platform/ack-links.ts), bound
 * to the recipient it was sent to. A small HTML page, readable on a phone, with no script: what
 * happened, the response procedure's steps, who was paged and who acknowledged, and one button
 * that acknowledges as that recipient. Only the POST acknowledges: mail scanners open links.
 * It opens while the alert is open and for a day after it is resolved (410 after), and answers
 * 404 to a token nobody was sent. Every text from the server is escaped.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { triggerWords } from '../domain/message-texts';
import { ALERT_PAGE_PATH } from '../platform/ack-links';
import { acknowledgeAlert } from '../services/acknowledgements';
import { openAlertLink, type OpenedLink } from '../services/alert-links';
import { alertPageData, readerOf, type AlertPageData, type PagedPerson } from '../services/alert-page';
import { LABELS, type Labels } from './alert-page-labels';
import type { ApiDependencies, App } from './context';
import { acceptForms, escapeHtml as e, htmlAnswer, page, sendPage } from './html';

const tokenParams = z.strictObject({ token: z.string().max(64).describe('The token from the alert SMS or email') });
const BOTH = `${LABELS['sr-Latn'].title} / ${LABELS.en.title}`;
const NOT_FOUND = page(BOTH, '<h1>Nepoznata veza / Unknown link</h1><p>Proverite vezu iz poruke. / Check the link in the message.</p>');
const EXPIRED = page(
  BOTH,
  '<h1>Ova veza je istekla / This link has expired</h1><p>Upozorenje je rešeno pre više od jednog dana. / The alert was resolved more than a day ago.</p>',
);

export function alertPageRoutes(app: App, deps: ApiDependencies): void {
  const { prisma, fieldCipher } = deps;
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // The button posts an (empty) HTML form.
    acceptForms(plain);
    const config = { access: 'public' as const };
    const answers = {
      404: htmlAnswer('No alert was sent with this link (or it was altered)'),
      410: htmlAnswer('The alert was resolved more than a day ago: the link has expired'),
    };
    /** The link, or the page that refuses it. */
    const linkOr = async (token: string, reply: Parameters<typeof sendPage>[0]): Promise<OpenedLink | null> => {
      const lookup = await openAlertLink(prisma, token);
      if ('found' in lookup) return lookup.found;
      await sendPage(reply, lookup.refused === 'expired' ? 410 : 404, lookup.refused === 'expired' ? EXPIRED : NOT_FOUND);
      return null;
    };

    scope.get(
      `${ALERT_PAGE_PATH}/:token`,
      {
        config,
        schema: {
          tags: ['alerts'],
          summary: "An alert's page for the recipient of its link: what happened, the procedure, who was paged (HTML, no sign-in)",
          params: tokenParams,
          response: { 200: htmlAnswer('The page, with the button that acknowledges'), ...answers },
        },
      },
      async (request, reply) => {
        const link = await linkOr(request.params.token, reply);
        if (!link) return reply;
        const data = await alertPageData(prisma, fieldCipher, link.alert, link.recipientId);
        return sendPage(reply, 200, alertPage(data, link.recipientId));
      },
    );

    scope.post(
      `${ALERT_PAGE_PATH}/:token`,
      {
        config,
        schema: {
          tags: ['alerts'],
          summary: "Acknowledges the alert as the link's recipient: paging stops (HTML, no sign-in)",
          params: tokenParams,
          body: z.strictObject({}).nullish(),
          response: {
            200: htmlAnswer('Acknowledged'),
            409: htmlAnswer('Someone acknowledged it already, or it is over'),
            ...answers,
          },
        },
      },
      async (request, reply) => {
        const link = await linkOr(request.params.token, reply);
        if (!link) return reply;
        const { language } = await readerOf(prisma, link.alert, link.recipientId);
        const t = LABELS[language];
        const acknowledged = await acknowledgeAlert(deps, link.alertId, { by: link.recipientId, via: 'link' });
        const back = `<p><a href="${e(`${ALERT_PAGE_PATH}/${request.params.token}`)}">${e(t.back)}</a></p>`;
        const answer = page(t.title, `<h1>${e(acknowledged ? t.thanks : t.over)}</h1>${back}`, language);
        return sendPage(reply, acknowledged ? 200 : 409, answer);
      },
    );
  });
}

/** The page itself, in the recipient's language. */
function alertPage(data: AlertPageData, recipientId: string): string {
  const { alert, recipient } = data;
  const t = LABELS[recipient.language];
  const at = (time: Date) => when(t, recipient.timeZone, time);
  // As an SMS reply does, the button acknowledges an alert still paging (services/acknowledgements.ts).
  const open = alert.state === 'ALERTING';
  const section = (title: string, html: string) => `<h2>${e(title)}</h2>${html}`;
  return page(
    t.title,
    `<h1>${e(t.title)}</h1>` +
      `<p><strong>${e(t.about[data.about](data.code))}</strong>: ${e(triggerWords(recipient.language, alert.trigger))}</p>` +
      `<p class="muted">${e(t.raised)} ${e(at(alert.raisedAt))} · ${e(t.states[alert.state])}</p>` +
      (data.visit ? section(t.staff, visitHtml(t, data.visit)) : '') +
      (data.steps.length ? section(t.procedure, `<ol>${data.steps.map((s) => `<li>${e(s)}</li>`).join('')}</ol>`) : '') +
      section(t.paged, `<ul>${data.paged.map((p) => `<li>${pagedHtml(t, p, p.id === recipientId)}</li>`).join('')}</ul>`) +
      `<p>${e(t.acknowledged)}: ${e(data.acknowledgedBy ? `${data.acknowledgedBy}, ${at(alert.acknowledgedAt!)}` : t.nobody)}</p>` +
      (data.resolvedBy ? `<p>${e(t.resolved)}: ${e(`${data.resolvedBy}, ${at(alert.resolvedAt!)}`)}</p>` : '') +
      (open ? `<form method="post"><button type="submit">${e(t.acknowledge)}</button></form>` : ''),
    recipient.language,
  );
}

function visitHtml(t: Labels, visit: NonNullable<AlertPageData['visit']>): string {
  const phone = visit.staffPhone ? ` <a href="tel:${e(visit.staffPhone)}">${e(visit.staffPhone)}</a>` : '';
  const rows = (['location', 'purpose', 'withWhom'] as const)
    .filter((field) => visit[field])
    .map((field) => `<li>${e(t.visit[field])}: ${e(visit[field]!)}</li>`);
  return `<p><strong>${e(visit.staffName)}</strong>${phone}</p>${rows.length ? `<ul>${rows.join('')}</ul>` : ''}`;
}

function pagedHtml(t: Labels, person: PagedPerson, you: boolean): string {
  const role = person.role ? ` (${t.roles[person.role] ?? person.role})` : '';
  const level = person.level === null ? '' : ` · ${person.level < 0 ? t.inCharge : `${t.level} ${person.level + 1}`}`;
  const channels = person.channels.map((c) => `${t.channels[c.channel]}: ${t.statuses[c.status]}`).join(', ');
  return e(`${person.name}${role}${you ? ` ${t.you}` : ''}${level} · ${channels}`);
}

const when = (t: Labels, timeZone: string, at: Date) =>
  new Intl.DateTimeFormat(t.locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
