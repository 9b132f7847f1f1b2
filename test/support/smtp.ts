/**
 * A real SMTP server in the test process (smtp-server on 127.0.0.1, any free port) that parses
 * what it receives with mailparser. Failures are scripted per message: a reply code at RCPT TO
 * or at DATA, or the connection dropped before the greeting.
 */
import type { Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** SMTP envelope. */
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

/** What the next connection meets: a reply code at RCPT TO or DATA (e.g. 451, 550), or a dropped connection. */
export type SmtpScript = { at: 'rcpt' | 'data'; code: number } | 'drop';

export interface TestSmtp {
  /** smtp://USER:PASSWORD@127.0.0.1:PORT, what SMTP_URL would hold. */
  url: string;
  received: ReceivedMail[];
  /** Connections opened (including dropped and refused ones). */
  connections: number;
  /** Queues behaviours, one per connection, before normal service resumes. */
  script(...steps: SmtpScript[]): void;
  close(): Promise<void>;
}

const USER = 'vigil';
const PASSWORD = 'smtp-secret';

export async function startTestSmtp(): Promise<TestSmtp> {
  const steps: SmtpScript[] = [];
  const scriptOf = new Map<string, SmtpScript | undefined>();
  const received: ReceivedMail[] = [];
  const dropped = new Set<number | undefined>();
  const refusal = (code: number) =>
    Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code });

  const server = new SMTPServer({
    // Plain SMTP with AUTH, as a submission server behind a trusted network would offer it.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    onConnect(session, callback) {
      if (dropped.has(session.remotePort)) return callback(new Error('dropped'));
      scriptOf.set(session.id, steps.shift());
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, session, callback) {
      const step = scriptOf.get(session.id);
      callback(step !== 'drop' && step?.at === 'rcpt' ? refusal(step.code) : undefined);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const step = scriptOf.get(session.id);
          if (step !== 'drop' && step?.at === 'data') return callback(refusal(step.code));
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId ?? '',
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  let connections = 0;
  // Runs before smtp-server's own handler: a dropped connection never sees a greeting.
  server.server.prependListener('connection', (socket: Socket) => {
    connections++;
    if (steps[0] === 'drop') {
      steps.shift();
      dropped.add(socket.remotePort);
      socket.destroy();
    }
  });
  server.on('error', () => undefined); // writes to dropped sockets
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    received,
    get connections() {
      return connections;
    },
    script: (...more) => steps.push(...more),
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}
