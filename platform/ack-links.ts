/**
 * One-click acknowledgement links for urgent-alert emails. The token names the alert and the
 * contact and is signed with a key derived from VIGIL_DATA_KEY, so nothing is stored and a
 * forged or altered link is refused. It acknowledges once: the alert then is no longer alerting.
 * Links signed with a previous data key still work after a rotation (VIGIL_DATA_KEYS_PREVIOUS).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AckLinks {
  url(alertId: string, contactId: string): string;
  /** The alert and contact a token names; null when it is not one of ours. */
  verify(token: string): { alertId: string; contactId: string } | null;
}

const SIGNATURE_BYTES = 16;

export function createAckLinks(baseUrl: string, dataKey: Buffer, previousDataKeys: Buffer[] = []): AckLinks {
  // Keys of their own: a leaked link signature says nothing about the data key.
  const [key, ...previous] = [dataKey, ...previousDataKeys].map((k) => createHmac('sha256', k).update('vigil/ack-links/v1').digest());
  const signWith = (k: Buffer, payload: string) => createHmac('sha256', k).update(payload).digest().subarray(0, SIGNATURE_BYTES);
  const sign = (payload: string) => signWith(key, payload);
  const base = baseUrl.replace(/\/+$/, '');
  return {
    url(alertId, contactId) {
      const payload = Buffer.from(JSON.stringify([alertId, contactId])).toString('base64url');
      return `${base}/ack/${payload}.${sign(payload).toString('base64url')}`;
    },
    verify(token) {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) return null;
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== SIGNATURE_BYTES || ![key, ...previous].some((k) => timingSafeEqual(given, signWith(k, payload)))) return null;
      const [alertId, contactId] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [string, string];
      return { alertId, contactId };
    },
  };
}
