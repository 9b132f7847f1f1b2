/** The reassessment policy an organisation has in force: read by cases, schedules, calendars and the API. */
import type { PrismaClient } from '../generated/prisma/client';
import { DEFAULT_POLICY, parsePolicyOverride, type Policy, type PolicyOverride } from '../domain/policy';

export interface PolicyInForce {
  /** 0: the default policy, no override ever set. */
  version: number;
  overrides: PolicyOverride;
  policy: Policy;
}

/** The policy in force for the organisation: its latest overrides applied to the defaults. */
export async function organisationPolicy(prisma: PrismaClient, organisationId: string): Promise<PolicyInForce> {
  const row = await prisma.organisationPolicy.findFirst({ where: { organisationId }, orderBy: { version: 'desc' } });
  if (!row) return { version: 0, overrides: {}, policy: DEFAULT_POLICY };
  const overrides = row.overrides as PolicyOverride;
  return { version: row.version, overrides, policy: parsePolicyOverride(overrides) };
}
