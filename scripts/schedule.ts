/**
 * npm run --silent schedule -- --facts FILE [--policy FILE]
 *
 * Prints the reassessment schedule of the case facts in FILE (one object, or an array of them:
 * then an array of schedules in the same order). Invalid input exits with code 2 and one line on
 * stderr naming the offending field; `[3].hearings[0].status` for the fourth case of an array.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError, parseCaseFacts } from '../domain/case-facts';
import { computeSchedule, DEFAULT_POLICY, parsePolicyOverride } from '../domain/policy';

const USAGE = 'usage: npm run --silent schedule -- --facts FILE [--policy FILE]';

/** Bad invocation or bad input: the user's to fix, reported without a stack trace. */
class UsageError extends Error {}

function parseArgs(args: readonly string[]): { facts: string; policy?: string } {
  const files: { facts?: string; policy?: string } = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    if (flag !== '--facts' && flag !== '--policy') throw new UsageError(`unknown option ${flag}; ${USAGE}`);
    const file = args[i + 1];
    if (file === undefined || file.startsWith('--')) throw new UsageError(`${flag} needs a file; ${USAGE}`);
    files[flag === '--facts' ? 'facts' : 'policy'] = file;
  }
  if (files.facts === undefined) throw new UsageError(`--facts is required; ${USAGE}`);
  return { facts: files.facts, policy: files.policy };
}

function readJson(flag: string, file: string): unknown {
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: not valid JSON (${(error as Error).message})`);
  }
}

function main(args: readonly string[]): string {
  const files = parseArgs(args);
  const facts = readJson('--facts', files.facts);
  let policy = DEFAULT_POLICY;
  if (files.policy !== undefined) {
    try {
      policy = parsePolicyOverride(readJson('--policy', files.policy));
    } catch (error) {
      throw error instanceof InvalidInputError ? new UsageError(`invalid policy: ${error.message}`) : error;
    }
  }
  try {
    const schedules = Array.isArray(facts)
      ? facts.map((item, i) => computeSchedule(parseCaseFacts(item, `[${i}]`), policy))
      : computeSchedule(parseCaseFacts(facts), policy);
    return JSON.stringify(schedules, null, 2);
  } catch (error) {
    throw error instanceof InvalidInputError ? new UsageError(`invalid case facts: ${error.message}`) : error;
  }
}

try {
  process.stdout.write(`${main(process.argv.slice(2))}\n`);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
