/**
 * My work from the caseworker's tasks (GET /me/tasks): the reassessment in force of each case
 * (the projected ones after it are for planning, on the case page), the hearings and release
 * dates ahead, and the active field visit; each list soonest first, as the API sorts them.
 */
import type { Task } from '../../api/client';
import type { Texts } from '../../texts/en';

export interface WorkList {
  reassessments: Task[];
  ahead: Task[];
  visits: Task[];
}

export function workList(tasks: Task[]): WorkList {
  const seen = new Set<string | null>();
  const reassessments = tasks.filter((t) => t.kind === 'reassessment' && !seen.has(t.caseId) && seen.add(t.caseId));
  return {
    reassessments,
    ahead: tasks.filter((t) => t.kind === 'hearing' || t.kind === 'release'),
    visits: tasks.filter((t) => t.kind === 'field-visit'),
  };
}

const HEARING_RULES = new Set(['hearing-weekly', 'hearing-daily', 'pre-hearing']);

/** The rule of a reassessment in words, with the hearing or release it prepares: "hearing in 2 days: daily". */
export function ruleInWords(task: Task, tasks: Task[], texts: Texts, daysAway: (iso: string) => string): string {
  const rule = task.rule ?? 'base';
  const kind = HEARING_RULES.has(rule) ? 'hearing' : rule === 'release-announced' ? 'release' : undefined;
  const event = kind && tasks.find((t) => t.caseId === task.caseId && t.kind === kind && !t.overdue);
  return texts.rules[rule](event ? daysAway(event.at) : texts.soon);
}
