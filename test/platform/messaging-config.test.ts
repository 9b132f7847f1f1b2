/** SMTP and Twilio settings: all or nothing per channel, each problem named by its variable. */
import { ConfigError, loadConfig } from '../../platform/config';

const SID = `AC${'a'.repeat(32)}`;
const TWILIO = { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+381600000001' };

const problem = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a configuration error');
};

test('nothing set: both channels use the outbox', () => {
  expect(loadConfig({}).messaging).toEqual({ smtp: undefined, twilio: undefined });
});

test('the sending number is read as people write it and kept in E.164; a Twilio test number is possible enough', () => {
  const from = (TWILIO_FROM: string) => loadConfig({ ...TWILIO, TWILIO_FROM }).messaging.twilio?.from;
  expect(from('064 123 4567')).toBe('+381641234567');
  expect(from('00381 64 123 4567')).toBe('+381641234567');
  expect(from('+1 500 555 0006')).toBe('+15005550006');
  expect(problem({ ...TWILIO, TWILIO_FROM: '064 12' })).not.toContain('064');
});

test('complete settings are read as given', () => {
  const { messaging } = loadConfig({
    SMTP_URL: 'smtp://vigil:secret@mail.example.org:587',
    SMTP_FROM: 'Vigil <alerts@example.org>',
    ...TWILIO,
    TWILIO_STATUS_CALLBACK_URL: 'https://vigil.example.org/webhooks/twilio/status',
  });
  expect(messaging).toEqual({
    smtp: { url: 'smtp://vigil:secret@mail.example.org:587', from: 'Vigil <alerts@example.org>' },
    twilio: {
      accountSid: SID,
      authToken: 'token',
      from: '+381600000001',
      messagingServiceSid: undefined,
      statusCallbackUrl: 'https://vigil.example.org/webhooks/twilio/status',
      apiBaseUrl: undefined,
    },
  });
});

test.each([
  ['SMTP_FROM without SMTP_URL', { SMTP_FROM: 'alerts@example.org' }, /^SMTP_URL: must be set when SMTP_FROM is/],
  ['SMTP_URL without SMTP_FROM', { SMTP_URL: 'smtp://mail.example.org' }, /^SMTP_FROM: must be set when SMTP_URL is/],
  ['SMTP_URL of another scheme', { SMTP_URL: 'https://u:secret@mail.example.org', SMTP_FROM: 'a@b.org' }, /^SMTP_URL: must be smtp:\/\//],
  ['SMTP_FROM not an address', { SMTP_URL: 'smtp://mail.example.org', SMTP_FROM: 'Vigil' }, /^SMTP_FROM: must be an email address/],
  ['only the account SID', { TWILIO_ACCOUNT_SID: SID }, /^TWILIO_AUTH_TOKEN, TWILIO_FROM: missing while TWILIO_ACCOUNT_SID is set/],
  ['a token and a sender, no SID', { TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+381600000001' }, /^TWILIO_ACCOUNT_SID: missing while/],
  [
    'only a callback URL',
    { TWILIO_STATUS_CALLBACK_URL: 'https://x.org/s' },
    /^TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM: missing/,
  ],
  ['a SID that is not one', { ...TWILIO, TWILIO_ACCOUNT_SID: 'AC123' }, /^TWILIO_ACCOUNT_SID: must be the account SID/],
  [
    'both sender number and messaging service',
    { ...TWILIO, TWILIO_MESSAGING_SERVICE_SID: `MG${'b'.repeat(32)}` },
    /^TWILIO_MESSAGING_SERVICE_SID: cannot be set together with TWILIO_FROM/,
  ],
  [
    'an alphanumeric sender',
    { ...TWILIO, TWILIO_FROM: 'Vigil' },
    /^TWILIO_FROM: must be the sending phone number, .*: it is not a phone number/,
  ],
  ['a sender too short', { ...TWILIO, TWILIO_FROM: '064 12' }, /^TWILIO_FROM: .*: it is too short for a phone number in Serbia$/],
  ['a sender of no country', { ...TWILIO, TWILIO_FROM: '+999 1234567' }, /^TWILIO_FROM: .*: it has a country code that does not exist$/],
  [
    'a messaging service SID that is not one',
    { ...TWILIO, TWILIO_FROM: '', TWILIO_MESSAGING_SERVICE_SID: 'MG1' },
    /^TWILIO_MESSAGING_SERVICE_SID: must be MG/,
  ],
  [
    'a callback URL that is not a URL',
    { ...TWILIO, TWILIO_STATUS_CALLBACK_URL: 'vigil/status' },
    /^TWILIO_STATUS_CALLBACK_URL: must be an http\(s\) URL/,
  ],
  [
    'an API base URL that is not http(s)',
    { ...TWILIO, TWILIO_API_BASE_URL: 'ftp://127.0.0.1' },
    /^TWILIO_API_BASE_URL: must be an http\(s\) URL/,
  ],
])('%s', (_label, env, expected) => {
  const message = problem(env);
  expect(message).toMatch(expected);
  // Settings carry secrets: messages never quote them.
  expect(message).not.toContain('secret');
  expect(message).not.toContain('\n');
});
