import { ensureTemporalCli, ensureTestServer } from '../scripts/tools';

/** Provisions the Temporal binaries once per run (the first build prints its progress). */
export default async function globalSetup(): Promise<void> {
  process.env.VIGIL_TEST_SERVER = await ensureTestServer();
  process.env.VIGIL_TEMPORAL_CLI = await ensureTemporalCli();
}
