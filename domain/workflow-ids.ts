/**
 * Workflow ids name the organisation they belong to: `organisation-<id>/case-<id>`,
 * `organisation-<id>/visit-<id>`, and an alert's `<its case or visit>/alert/<key>`. The payload
 * codec reads the organisation from the id Temporal gives it with each payload and encrypts under
 * that organisation's own key, so a payload decrypts for the organisation that wrote it only.
 * Ids without the prefix (cases and visits opened before it existed, the retention job) belong to
 * no organisation: their payloads decrypt in workers, never through the codec endpoint.
 */
const PREFIX = 'organisation-';

export const organisationWorkflowId = (organisationId: string, local: string): string => `${PREFIX}${organisationId}/${local}`;

export function organisationOfWorkflowId(workflowId: string | undefined): string | null {
  if (!workflowId?.startsWith(PREFIX)) return null;
  const end = workflowId.indexOf('/', PREFIX.length);
  return end > PREFIX.length ? workflowId.slice(PREFIX.length, end) : null;
}
