/**
 * The browser tests' world: the app built (when stale), the real stack serving it (Temporal dev
 * server, embedded PostgreSQL, worker, API), and an organisation whose admin the tests use to
 * create the people and cases they need. Tests read it from VIGIL_WEB_TESTS (fixtures.ts).
 */
import { seedOrganisation } from '../../test/support/api-client';
import { startStack } from '../../test/support/stack';
import { ensureTemporalCli } from '../../scripts/tools';
import { ensureWebApp } from '../../scripts/web-app';
import type { World } from './fixtures';

export default async function globalSetup(): Promise<() => Promise<void>> {
  process.env.VIGIL_TEMPORAL_CLI = await ensureTemporalCli();
  const stack = await startStack({ webApp: await ensureWebApp() });
  const organisation = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Browser Tests');
  const world: World = { url: stack.apiUrl, adminToken: organisation.admin.api.token! };
  process.env.VIGIL_WEB_TESTS = JSON.stringify(world);
  return () => stack.stop();
}
