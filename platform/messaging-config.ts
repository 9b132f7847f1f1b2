/** The SMTP and Twilio settings (SMTP_*, TWILIO_*): both optional, each all-or-nothing. */
import { DEFAULT_COUNTRY, readPhone } from '../domain/phone-numbers';
import { ConfigError, httpUrl, optional, type Env } from './config-values';

export interface MessagingConfig {
  smtp?: SmtpConfig;
  twilio?: TwilioConfig;
}

export interface SmtpConfig {
  /** smtp://USER:PASSWORD@HOST:587 or smtps://...:465; may hold a password: never log it. */
  url: string;
  from: string;
}

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Exactly one of `from` (E.164 number) and `messagingServiceSid` is set. */
  from?: string;
  messagingServiceSid?: string;
  statusCallbackUrl?: string;
  /** Only to point the client at a local imitation of Twilio's API (tests, benchmarks). */
  apiBaseUrl?: string;
}

export function smtp(env: Env): SmtpConfig | undefined {
  const url = optional(env, 'SMTP_URL');
  const from = optional(env, 'SMTP_FROM');
  if (url === undefined && from === undefined) return undefined;
  if (url === undefined) {
    throw new ConfigError('SMTP_URL', 'must be set when SMTP_FROM is: smtp://USER:PASSWORD@HOST:587 (or unset SMTP_FROM)');
  }
  // The URL may carry a password: messages quote its scheme, never the URL.
  if (!URL.canParse(url) || !['smtp:', 'smtps:'].includes(new URL(url).protocol) || !new URL(url).hostname) {
    throw new ConfigError('SMTP_URL', 'must be smtp://USER:PASSWORD@HOST:587 (STARTTLS) or smtps://USER:PASSWORD@HOST:465 (TLS)');
  }
  if (from === undefined) throw new ConfigError('SMTP_FROM', 'must be set when SMTP_URL is: the sender, e.g. "Vigil <alerts@example.org>"');
  if (!/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(from)) {
    throw new ConfigError('SMTP_FROM', `must be an email address or "Name <address>", got "${from}"`);
  }
  return { url, from };
}

const TWILIO_VARIABLES = [
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM',
  'TWILIO_MESSAGING_SERVICE_SID',
  'TWILIO_STATUS_CALLBACK_URL',
  'TWILIO_API_BASE_URL',
];

export function twilio(env: Env): TwilioConfig | undefined {
  const set = TWILIO_VARIABLES.filter((name) => optional(env, name) !== undefined);
  if (set.length === 0) return undefined;
  const accountSid = optional(env, 'TWILIO_ACCOUNT_SID');
  const authToken = optional(env, 'TWILIO_AUTH_TOKEN');
  const from = optional(env, 'TWILIO_FROM');
  const messagingServiceSid = optional(env, 'TWILIO_MESSAGING_SERVICE_SID');
  const missing = [
    ...(accountSid === undefined ? ['TWILIO_ACCOUNT_SID'] : []),
    ...(authToken === undefined ? ['TWILIO_AUTH_TOKEN'] : []),
    ...(from === undefined && messagingServiceSid === undefined ? ['TWILIO_FROM'] : []),
  ];
  if (missing.length > 0) {
    throw new ConfigError(
      missing.join(', '),
      `missing while ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set: SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN ` +
        'and TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID; unset every TWILIO_ variable to keep SMS in the outbox',
    );
  }
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid!)) {
    throw new ConfigError('TWILIO_ACCOUNT_SID', 'must be the account SID from the Twilio console: AC followed by 32 hex digits');
  }
  if (from !== undefined && messagingServiceSid !== undefined) {
    throw new ConfigError('TWILIO_MESSAGING_SERVICE_SID', 'cannot be set together with TWILIO_FROM: set only one of the two');
  }
  // A number, not an alphanumeric sender: contacts acknowledge by replying to it. Only possible,
  // not valid: Twilio's test numbers (+15005550006) lie outside any real range.
  const sender = from === undefined ? undefined : readPhone(from, DEFAULT_COUNTRY, 'possible');
  if (sender && 'problem' in sender) {
    throw new ConfigError(
      'TWILIO_FROM',
      `must be the sending phone number, e.g. +381641234567 (without a country code it is read as Serbian): it ${sender.problem}`,
    );
  }
  if (messagingServiceSid !== undefined && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
    throw new ConfigError('TWILIO_MESSAGING_SERVICE_SID', 'must be MG followed by 32 hex digits');
  }
  return {
    accountSid: accountSid!,
    authToken: authToken!,
    from: sender?.e164,
    messagingServiceSid,
    statusCallbackUrl: httpUrl(env, 'TWILIO_STATUS_CALLBACK_URL', 'https://vigil.example.org/webhooks/twilio/status'),
    apiBaseUrl: httpUrl(env, 'TWILIO_API_BASE_URL', 'http://127.0.0.1:4010'),
  };
}
