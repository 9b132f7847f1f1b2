/** Alert page links: short, the same for one alert and recipient, different for anyone else, unguessable without the key. */
import { ALERT_LINK_TOKEN, createAckLinks, tokenHash } from '../../platform/ack-links';

const key1 = Buffer.alloc(32, 1);
const key2 = Buffer.alloc(32, 2);

test('a link is short enough for an SMS and the same in every message of an alert to one recipient', () => {
  const links = createAckLinks('https://vigil.test/', key1);
  const token = links.token('org/case-1/alert/3', 'contact-9');
  expect(token).toMatch(ALERT_LINK_TOKEN);
  expect(links.url(token)).toBe(`https://vigil.test/a/${token}`);
  // "/a/" and the token: 19 characters after the address.
  expect(new URL(links.url(token)).pathname).toHaveLength(19);
  expect(createAckLinks('https://vigil.test', key1).token('org/case-1/alert/3', 'contact-9')).toBe(token);
});

test('another recipient, another alert or another key makes another token; only its hash is stored', () => {
  const token = createAckLinks('https://vigil.test', key1).token('org/case-1/alert/3', 'contact-9');
  const others = [
    createAckLinks('https://vigil.test', key1).token('org/case-1/alert/3', 'contact-8'),
    createAckLinks('https://vigil.test', key1).token('org/case-1/alert/4', 'contact-9'),
    createAckLinks('https://vigil.test', key2).token('org/case-1/alert/3', 'contact-9'),
  ];
  expect(new Set([token, ...others]).size).toBe(4);
  expect(tokenHash(token)).not.toContain(token);
  expect(tokenHash(token)).toBe(tokenHash(token));
});
