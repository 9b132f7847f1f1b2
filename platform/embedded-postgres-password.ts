import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';

/**
 * The embedded PostgreSQL's password. Neither PGlite nor pglite-socket (0.2) authenticates:
 * PGlite answers any startup message with AuthenticationOk, so any local process could connect
 * as superuser. Each connection therefore passes a gate in front of the shared session: the
 * startup message is held back, the client is asked for its password (AuthenticationCleartext-
 * Password), and only the right one lets the startup through to PGlite; anything else answers
 * FATAL 28P01, as PostgreSQL does, and closes the connection.
 *
 * Cleartext rather than SCRAM: the server listens on 127.0.0.1 only, on the port it bound itself
 * and put in the URL, so nobody can stand in for it; reading loopback traffic takes root, who
 * can read the password file anyway.
 */

export const PASSWORD_FILE = 'postgres-password';

/** The password in `dataDir`, created (random, mode 0600) on the first start. */
export function loadOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, PASSWORD_FILE);
  try {
    fs.writeFileSync(file, `${randomPassword()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  fs.chmodSync(file, 0o600);
  const password = fs.readFileSync(file, 'utf8').trim();
  if (!/^[A-Za-z0-9_-]{20,}$/.test(password)) {
    throw new Error(`${file} does not hold a generated password: delete it and start again for a new one.`);
  }
  return password;
}

/** 192 random bits, URL-safe: it goes into DATABASE_URL as is. */
export function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** The three methods pglite-socket's handler calls on its query queue. */
export interface QueryQueue {
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  clearQueueForHandler(handlerId: number): void;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

const PROTOCOL_3 = 196608;
/** 'R', length 8, code 3: AuthenticationCleartextPassword. */
const ASK_PASSWORD = new Uint8Array([0x52, 0, 0, 0, 8, 0, 0, 0, 3]);
const PASSWORD_MESSAGE = 0x70; // 'p'

/** One connection's way to the shared queue: open once the client has sent the right password. */
export class PasswordGate implements QueryQueue {
  private state: 'startup' | 'password' | 'open' | 'refused' = 'startup';
  private startup?: Uint8Array;

  constructor(
    private readonly queue: QueryQueue,
    private readonly expected: string,
    private readonly socket: net.Socket,
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.state === 'open') return this.queue.enqueue(handlerId, message, onData);
    if (this.state === 'refused') return Promise.resolve(0);
    if (this.state === 'startup' && isStartup(message)) {
      this.startup = message;
      this.state = 'password';
      onData(ASK_PASSWORD);
      return Promise.resolve(ASK_PASSWORD.length);
    }
    if (this.state === 'password' && message[0] === PASSWORD_MESSAGE && matches(passwordOf(message), this.expected)) {
      this.state = 'open';
      return this.queue.enqueue(handlerId, this.startup!, onData);
    }
    return this.refuse(onData);
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue.clearQueueForHandler(handlerId);
  }

  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    // A connection never let in never owned the session.
    return this.state === 'open' ? this.queue.clearTransactionIfNeeded(handlerId) : Promise.resolve();
  }

  private refuse(onData: (data: Uint8Array) => void): Promise<number> {
    this.state = 'refused';
    const error = fatal('28P01', 'password authentication failed for the embedded database');
    onData(error);
    this.socket.end();
    return Promise.resolve(error.length);
  }
}

function isStartup(message: Uint8Array): boolean {
  return message.length >= 8 && Buffer.from(message).readInt32BE(4) === PROTOCOL_3;
}

/** PasswordMessage: 'p', int32 length, the password, NUL. */
function passwordOf(message: Uint8Array): string {
  const body = Buffer.from(message).subarray(5);
  return body.subarray(0, body.indexOf(0) < 0 ? body.length : body.indexOf(0)).toString('utf8');
}

function matches(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** ErrorResponse with severity FATAL, an SQLSTATE and a message. */
function fatal(code: string, text: string): Uint8Array {
  const fields = Buffer.concat(
    [
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', code],
      ['M', text],
    ].map(([type, value]) => Buffer.from(`${type}${value}\0`, 'utf8')),
  );
  const message = Buffer.alloc(1 + 4 + fields.length + 1);
  message.write('E', 0);
  message.writeInt32BE(4 + fields.length + 1, 1);
  fields.copy(message, 5);
  return new Uint8Array(message);
}
