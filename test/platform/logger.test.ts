/** Log redaction: built-in secret and personal keys, LOG_REDACT (validated, naming the entry), and database errors that quote data. */
import { Prisma } from '../../generated/prisma/client';
import { ConfigError, loadConfig, startupLogSettings } from '../../platform/config';
import { parseRedactPaths } from '../../platform/log-redaction';
import { createLogger } from '../../platform/logger';

/** A logger with the production settings writing into an array; returns the parsed lines. */
function capture(redact?: string[]) {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', redact }, { write: (line: string) => void lines.push(line) });
  return { log, lines: () => lines.map((line) => JSON.parse(line)) };
}

test('secrets and personal fields are redacted by key, at the top and nested', () => {
  const { log, lines } = capture();
  log.info(
    {
      password: 'hunter2-hunter2',
      contact: { displayName: 'Ana Nikolić', phone: '+381641234567', email: 'ana@example.org' },
      request: { body: { notes: 'Takovska 5' }, headers: { authorization: 'Bearer vgs_x' } },
      caseId: 'c-1',
    },
    'something happened',
  );
  expect(lines()[0]).toMatchObject({
    password: '[redacted]',
    contact: { displayName: '[redacted]', phone: '[redacted]', email: '[redacted]' },
    request: { body: '[redacted]', headers: { authorization: '[redacted]' } },
    caseId: 'c-1',
    msg: 'something happened',
  });
});

test('LOG_REDACT adds keys (at any depth) and exact paths', () => {
  const { log, lines } = capture(parseRedactPaths('caseCode, sdk.headers["x-trace"]'));
  log.info({ caseCode: 'BG-1', alert: { caseCode: 'BG-2' }, sdk: { headers: { 'x-trace': 't', other: 'o' } } });
  expect(lines()[0]).toMatchObject({
    caseCode: '[redacted]',
    alert: { caseCode: '[redacted]' },
    sdk: { headers: { 'x-trace': '[redacted]', other: 'o' } },
  });
  expect(startupLogSettings({ LOG_REDACT: 'caseCode,visitCode' }).redact).toEqual(['caseCode', 'visitCode']);
  expect(startupLogSettings({}).redact).toEqual([]);
});

test('an invalid LOG_REDACT stops start-up naming the variable and the entry', () => {
  expect(() => loadConfig({ LOG_REDACT: 'caseCode, a..b' })).toThrow(ConfigError);
  expect(() => loadConfig({ LOG_REDACT: 'caseCode, a..b' })).toThrow(
    'LOG_REDACT: entry 2 ("a..b") is not a key or a redaction path; write keys or paths such as caseCode or req.headers["x-id"], separated by commas',
  );
  expect(() => loadConfig({ LOG_REDACT: 'caseCode,' })).toThrow('LOG_REDACT: entry 2 ("")');
});

test('a database error is logged without the data its message quotes', () => {
  const { log, lines } = capture();
  const error = new Prisma.PrismaClientValidationError(
    'Invalid `prisma.contact.create()` invocation:\n\n{\n  data: {\n    displayName: "Ana Nikolić, Takovska 5"\n  }\n}\n\nArgument `phone` is missing.',
    { clientVersion: Prisma.prismaVersion.client },
  );
  log.error({ err: error }, 'request failed');
  const [line] = lines();
  expect(JSON.stringify(line)).not.toContain('Ana Nikolić');
  expect(line.err).toMatchObject({
    type: 'PrismaClientValidationError',
    message: 'Invalid `prisma.contact.create()` invocation: (rest of the message withheld: it may quote data)',
  });
  expect(line.err.stack).toMatch(/^\s+at /);
});

test("a server's address and an error's name stay readable; a person's name and address do not", () => {
  const { log, lines } = capture();
  const err = Object.assign(new Error('sms failed'), { name: 'ApplicationFailure' });
  log.info(
    {
      address: '127.0.0.1:7233',
      err,
      recipient: { name: 'Ana Nikolić', address: 'ana@example.org' },
      alert: { contact: { name: 'Ana Nikolić', address: 'Takovska 5' } },
    },
    'Temporal dev server ready',
  );
  expect(lines()[0]).toMatchObject({
    address: '127.0.0.1:7233',
    err: { type: 'Error', message: 'sms failed', name: 'ApplicationFailure' },
    recipient: { name: '[redacted]', address: '[redacted]' },
    alert: { contact: { name: '[redacted]', address: '[redacted]' } },
  });
  expect(JSON.stringify(lines()[0])).not.toContain('Nikoli');
});
