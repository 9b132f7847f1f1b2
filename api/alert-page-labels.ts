/** The words of an alert's page (api/alert-page.ts), in Serbian (Latin) and English. */
import type { AlertState, DeliveryChannel, DeliveryStatus } from '../generated/prisma/client';
import type { Language } from '../domain/message-texts';

export interface Labels {
  locale: string;
  title: string;
  about: Record<'case' | 'visit', (code: string) => string>;
  raised: string;
  states: Record<AlertState, string>;
  staff: string;
  visit: Record<'location' | 'purpose' | 'withWhom', string>;
  procedure: string;
  paged: string;
  level: string;
  inCharge: string;
  you: string;
  roles: Record<string, string>;
  channels: Record<DeliveryChannel, string>;
  statuses: Record<DeliveryStatus, string>;
  acknowledged: string;
  nobody: string;
  resolved: string;
  acknowledge: string;
  thanks: string;
  over: string;
  back: string;
}

export const LABELS: Record<Language, Labels> = {
  'sr-Latn': {
    locale: 'sr-Latn-RS',
    title: 'Vigil: hitno upozorenje',
    about: { case: (c) => `Slučaj ${c}`, visit: (c) => `Terenska poseta ${c}` },
    raised: 'Podignuto',
    states: { ALERTING: 'upozoravaju se kontakti', ACKNOWLEDGED: 'potvrđeno', UNACKNOWLEDGED: 'niko nije potvrdio', RESOLVED: 'rešeno' },
    staff: 'Zaposleni na terenu',
    visit: { location: 'Mesto', purpose: 'Svrha', withWhom: 'Sa kim' },
    procedure: 'Šta da uradite',
    paged: 'Ko je upozoren',
    level: 'nivo',
    inCharge: 'odgovorna osoba (niko nije potvrdio)',
    you: '(vi)',
    roles: {
      POLICE_LIAISON: 'policija',
      LAWYER: 'advokat',
      SHELTER_STAFF: 'sklonište',
      CASEWORKER: 'voditelj slučaja',
      COORDINATOR: 'koordinator',
      ADMIN: 'administrator',
      OTHER: 'drugo',
    },
    channels: { SMS: 'SMS', EMAIL: 'e-pošta' },
    statuses: {
      QUEUED: 'u redu',
      SENT: 'poslato',
      DELIVERED: 'isporučeno',
      UNDELIVERED: 'nije isporučeno',
      FAILED: 'nije poslato',
      NOT_SENT: 'nije poslato (nema dostave)',
    },
    acknowledged: 'Potvrdio/la',
    nobody: 'niko još',
    resolved: 'Rešio/la',
    acknowledge: 'Potvrđujem',
    thanks: 'Potvrđeno. Hvala.',
    over: 'Upozorenje je već potvrđeno ili završeno.',
    back: 'Nazad na upozorenje',
  },
  en: {
    locale: 'en-GB',
    title: 'Vigil: urgent alert',
    about: { case: (c) => `Case ${c}`, visit: (c) => `Field visit ${c}` },
    raised: 'Raised',
    states: { ALERTING: 'paging contacts', ACKNOWLEDGED: 'acknowledged', UNACKNOWLEDGED: 'nobody acknowledged', RESOLVED: 'resolved' },
    staff: 'Staff member in the field',
    visit: { location: 'Place', purpose: 'Purpose', withWhom: 'With whom' },
    procedure: 'What to do',
    paged: 'Who was alerted',
    level: 'level',
    inCharge: 'person in charge (nobody acknowledged)',
    you: '(you)',
    roles: {
      POLICE_LIAISON: 'police liaison',
      LAWYER: 'lawyer',
      SHELTER_STAFF: 'shelter',
      CASEWORKER: 'caseworker',
      COORDINATOR: 'coordinator',
      ADMIN: 'admin',
      OTHER: 'other',
    },
    channels: { SMS: 'SMS', EMAIL: 'email' },
    statuses: {
      QUEUED: 'queued',
      SENT: 'sent',
      DELIVERED: 'delivered',
      UNDELIVERED: 'undelivered',
      FAILED: 'failed',
      NOT_SENT: 'not sent (no provider)',
    },
    acknowledged: 'Acknowledged by',
    nobody: 'nobody yet',
    resolved: 'Resolved by',
    acknowledge: 'Acknowledge',
    thanks: 'Acknowledged. Thank you.',
    over: 'The alert is already acknowledged or over.',
    back: 'Back to the alert',
  },
};
