/**
 * The search attributes of case workflows: set by the workflow (workflows/case-lifecycle.ts) and
 * registered in the namespace when a worker connects (platform/temporal.ts).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const searchAttributes = {
  stage: defineSearchAttributeKey('VigilStage', SearchAttributeType.KEYWORD),
  riskLevel: defineSearchAttributeKey('VigilRiskLevel', SearchAttributeType.KEYWORD),
  nextDueAt: defineSearchAttributeKey('VigilNextDueAt', SearchAttributeType.DATETIME),
  organisationId: defineSearchAttributeKey('VigilOrganisationId', SearchAttributeType.KEYWORD),
};
