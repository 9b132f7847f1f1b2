/**
 * The one link every urgent SMS and email carries: `<public URL>/a/<token>`, a 16-character
 * token that opens the alert's page for one recipient (api/alert-page.ts), short enough for an
 * SMS. The token is derived from the alert and the recipient with a key of its own (from
 * VIGIL_DATA_KEY), so every message of an alert to one recipient, on either channel and after any
 * retry, carries the same link; the database keeps only its hash (services/alert-links.ts), which
 * is all the API needs to find it. A token no one was sent finds nothing.
 */
import { createHash, createHmac } from 'node:crypto';

export interface AckLinks {
  /** The token of `recipientId`'s link to the alert's page. */
  token(alertId: string, recipientId: string): string;
  url(token: string): string;
}

/** 12 bytes (96 bits) of HMAC, 16 characters of base64url. */
const TOKEN_BYTES = 12;
export const ALERT_LINK_TOKEN = /^[A-Za-z0-9_-]{16}$/;
export const ALERT_PAGE_PATH = '/a';

/** What the database keeps of a token. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function createAckLinks(baseUrl: string, dataKey: Buffer): AckLinks {
  // A key of its own: a leaked token says nothing about the data key.
  const key = createHmac('sha256', dataKey).update('vigil/alert-links/v2').digest();
  const base = baseUrl.replace(/\/+$/, '');
  return {
    token: (alertId, recipientId) =>
      createHmac('sha256', key).update(`${alertId}\n${recipientId}`).digest().subarray(0, TOKEN_BYTES).toString('base64url'),
    url: (token) => `${base}${ALERT_PAGE_PATH}/${token}`,
  };
}
