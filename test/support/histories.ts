/** Workflow histories: fetched across continue-as-new, recorded into test/histories, read back for replay. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** The history of every run of a workflow, first to latest, following its continue-as-new chain. */
export async function runHistories(client: Client, workflowId: string, firstRunId: string): Promise<History[]> {
  const histories = [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push(history);
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return histories;
}

export const HISTORIES_DIR = path.resolve(__dirname, '../histories');

/** A history as test/histories keeps it: replay needs the real workflow id, which the case's alert ids contain. */
export interface RecordedHistory {
  name: string;
  workflowId: string;
  history: History;
}

/**
 * With VIGIL_RECORD_HISTORIES=1, writes the workflow's history to test/histories/<name>.json for
 * the replay test, so the committed histories come from the scenarios the tests assert.
 * The history is in protobufjs's own JSON form (what `JSON.stringify` gives): the SDK's
 * historyToJSON and historyFromJSON throw "type must be a Type" in this install, where
 * @temporalio/common and @temporalio/proto each carry their own copy of protobufjs 8.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (!process.env.VIGIL_RECORD_HISTORIES) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const recorded = { workflowId: handle.workflowId, history: await handle.fetchHistory() };
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(recorded, null, 1)}\n`);
}

/** The histories recordHistory wrote, by file name. */
export function recordedHistories(): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const { workflowId, history } = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
      return { name: path.basename(file, '.json'), workflowId, history: temporal.api.history.v1.History.fromObject(history) };
    });
}
