/**
 * Every encrypted column of the database, with the context (additional authenticated data) its
 * values are bound to. Writers take their context from here, key rotation re-encrypts every
 * column listed, and erasure clears the ones that belong to a case: a column missing here would
 * be neither rotated (platform/key-rotation.ts) nor erased (services/erasure.ts).
 *
 * A context names the column and the row or case the value belongs to, so a ciphertext copied
 * elsewhere does not decrypt. Values of the case's own tables are bound to the case; the others
 * (self-assessments, field visits, which may have no case) to their row.
 */
export interface EncryptedColumn {
  /** Table and column as in SQL. */
  table: string;
  column: string;
  /** The column holding the id the context is bound to. */
  owner: 'caseId' | 'id' | 'publicId';
  /** The table's UUID key rotation pages by: `id`, unless the id is not a UUID. */
  key?: 'publicId';
  /** The table has a `caseId`: erasing a case clears this column in the case's rows. */
  ofCase: boolean;
  context(ownerId: string): string;
}

export const notesContext = (caseId: string) => `assessments.notes:${caseId}`;
export const descriptionContext = (caseId: string) => `incidents.description:${caseId}`;
export const selfAssessmentNotesContext = (selfAssessmentId: string) => `self_assessments.notes:${selfAssessmentId}`;
export const resolutionNoteContext = (alertPublicId: string) => `alerts.resolutionNote:${alertPublicId}`;
export const fieldVisitContext = (field: 'purpose' | 'location' | 'withWhom', visitId: string) => `field_visits.${field}:${visitId}`;

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'assessments', column: 'notesEncrypted', owner: 'caseId', ofCase: true, context: notesContext },
  { table: 'incidents', column: 'descriptionEncrypted', owner: 'caseId', ofCase: true, context: descriptionContext },
  { table: 'self_assessments', column: 'notesEncrypted', owner: 'id', ofCase: false, context: selfAssessmentNotesContext },
  // An alert's id holds its workflow's (with slashes): its notes are bound to, and paged by, its public UUID.
  { table: 'alerts', column: 'resolutionNoteEncrypted', owner: 'publicId', key: 'publicId', ofCase: true, context: resolutionNoteContext },
  ...(['purpose', 'location', 'withWhom'] as const).map((field): EncryptedColumn => ({
    table: 'field_visits',
    column: `${field}Encrypted`,
    owner: 'id',
    ofCase: true,
    context: (visitId) => fieldVisitContext(field, visitId),
  })),
];
