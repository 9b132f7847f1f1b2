/** LOG_REDACT's entries and the logger's own redaction paths, as pino reads them. */
import pino from 'pino';

/**
 * A key alone (`caseCode`) or a record's key (`contact.address`) is redacted at the top and two
 * levels down; any other path (`req.headers["x-id"]`) exactly there.
 */
export function pathsOf(entry: string): string[] {
  return /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(entry) ? [entry, `*.${entry}`, `*.*.${entry}`] : [entry];
}

/**
 * LOG_REDACT: comma-separated keys or pino redaction paths (`caseCode`, `sdk.headers["x-id"]`,
 * `items[*].label`). Each is checked by pino's own path compiler; the message names the entry.
 */
export function parseRedactPaths(raw: string): string[] {
  const entries = raw.split(',').map((entry) => entry.trim());
  entries.forEach((entry, i) => {
    try {
      if (!entry) throw new Error('empty');
      pino({ redact: pathsOf(entry) }, { write() {} });
    } catch {
      throw new Error(
        `entry ${i + 1} ("${entry}") is not a key or a redaction path; write keys or paths such as caseCode or req.headers["x-id"], separated by commas`,
      );
    }
  });
  return entries;
}
