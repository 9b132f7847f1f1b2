/**
 * How one environment variable is read: trimmed, blank as unset, and refused with one line
 * naming the variable and what to set (ConfigError).
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

export type Env = Record<string, string | undefined>;

export function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function port(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ConfigError(name, `must be a TCP port between 1 and 65535, got "${raw}"`);
  }
  return value;
}

export function flag(env: Env, name: string): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** Comma-separated web origins (scheme://host[:port], nothing after). */
export function origins(env: Env, name: string, example: string): string[] {
  return (optional(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((origin) => {
      if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
        throw new ConfigError(name, `must be comma-separated origins such as ${example} (no path, no trailing slash), got "${origin}"`);
      }
      return origin;
    });
}

export function httpUrl(env: Env, name: string, example: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  if (!URL.canParse(raw) || !['http:', 'https:'].includes(new URL(raw).protocol)) {
    throw new ConfigError(name, `must be an http(s) URL such as ${example}, got "${raw}"`);
  }
  return raw;
}
