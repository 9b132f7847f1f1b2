/** Acknowledgement links: signed, refused when altered, still valid across a key rotation. */
import { createAckLinks } from '../../platform/ack-links';

const key1 = Buffer.alloc(32, 1);
const key2 = Buffer.alloc(32, 2);
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

test('a link names its alert and contact; an altered one is refused', () => {
  const links = createAckLinks('https://vigil.test/', key1);
  const url = links.url('case-1/alert/3', 'contact-9');
  expect(url).toMatch(/^https:\/\/vigil\.test\/ack\/[\w-]+\.[\w-]+$/);
  expect(links.verify(tokenOf(url))).toEqual({ alertId: 'case-1/alert/3', contactId: 'contact-9' });
  const [payload, signature] = tokenOf(url).split('.');
  const forged = Buffer.from(JSON.stringify(['case-2/alert/1', 'contact-9'])).toString('base64url');
  expect(links.verify(`${forged}.${signature}`)).toBeNull();
  expect(links.verify(`${payload}.${signature.slice(1)}A`)).toBeNull();
  expect(links.verify(payload)).toBeNull();
});

test('links emailed before a rotation still acknowledge while the old key is kept, not after it is removed', () => {
  const old = tokenOf(createAckLinks('https://vigil.test', key1).url('case-1/alert/1', 'contact-1'));
  expect(createAckLinks('https://vigil.test', key2, [key1]).verify(old)).toEqual({ alertId: 'case-1/alert/1', contactId: 'contact-1' });
  expect(createAckLinks('https://vigil.test', key2).verify(old)).toBeNull();
});
