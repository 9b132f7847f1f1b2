/** Posting to the API's Twilio webhooks as Twilio does: a signed form, each message named by its own MessageSid. */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { TEST_TWILIO } from './stack';

export const newMessageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/** POSTs `form` (with a fresh MessageSid unless it names one) to `apiUrl + path`, signed for `signedUrl`. */
export function postAsTwilio(apiUrl: string, path: string, form: Record<string, string>, signedUrl = `${apiUrl}${path}`) {
  const params = { MessageSid: newMessageSid(), ...form };
  return fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, signedUrl, params),
    },
    body: new URLSearchParams(params),
  });
}
