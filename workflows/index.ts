// The workflows the worker runs; this file is the root of the deterministic bundle.
export { caseLifecycleWorkflow } from './case-lifecycle';
export { urgentAlertWorkflow } from './urgent-alert';
export { fieldVisitWorkflow } from './field-visit';
export { selfAssessmentWorkflow } from './self-assessment';
export { retentionWorkflow } from './retention';
export { coordinatorNoticeWorkflow } from './coordinator-notice';
