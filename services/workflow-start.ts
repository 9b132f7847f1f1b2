/**
 * A row and the workflow that keeps it are made together: the row first (its id names the
 * workflow), then the workflow. A row without its workflow would keep no schedule and raise no
 * alert, so when the start fails the row is deleted again and the caller may simply retry.
 */
export async function createWithWorkflow<Row>(steps: {
  create: () => Promise<Row>;
  start: (row: Row) => Promise<unknown>;
  undo: (row: Row) => Promise<unknown>;
}): Promise<Row> {
  const row = await steps.create();
  try {
    await steps.start(row);
  } catch (error) {
    await steps.undo(row);
    throw error;
  }
  return row;
}
