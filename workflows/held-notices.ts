/**
 * Quiet hours in the long-lived workflows (a case, an organisation's self-assessment): the
 * notification activity knows the recipients' time zones and answers who is in quiet hours; the
 * workflow holds the notice for them and sends it again when their quiet hours end, while its
 * deadline still stands. Deterministic: workflow code only.
 */
import type { DeferredRecipient } from '../activities/notifications';
import type { Step } from './deadline-steps';

/** A reminder or escalation of one deadline, to some recipients. */
export interface HeldBackNotice {
  kind: 'reminder' | 'escalation';
  dueAt: string;
  recipients: string[];
}

/** A notice held back until `at`, the end of its recipients' quiet hours. */
export interface Held<N extends HeldBackNotice> {
  at: string;
  notice: N;
}

export class HeldNotices<N extends HeldBackNotice> {
  /** `key` names a held notice's step (kept in carried state, so each workflow keeps its own). */
  constructor(
    private held: Held<N>[],
    private readonly key: (held: Held<N>) => string,
  ) {}

  /** Holds the notice for the recipients the activity found in quiet hours, until those end. */
  hold(notice: N, quiet: DeferredRecipient[]): void {
    for (const until of new Set(quiet.map((d) => d.until))) {
      const recipients = quiet.filter((d) => d.until === until).map((d) => d.recipientId);
      this.held.push({ at: until, notice: { ...notice, recipients } });
    }
  }

  /** The held notices of the deadline `dueAt`, as steps that `notify` them when their time comes. */
  steps(dueAt: string | null, notify: (notice: N) => Promise<void>): Step[] {
    return this.held
      .filter((held) => held.notice.dueAt === dueAt)
      .map((held) => ({
        key: this.key(held),
        at: Date.parse(held.at),
        run: () => {
          this.held = this.held.filter((h) => h !== held);
          return notify(held.notice);
        },
      }));
  }

  /** Drops the notices of other deadlines. */
  keepOnly(dueAt: string): void {
    this.held = this.held.filter((held) => held.notice.dueAt === dueAt);
  }

  /** What continue-as-new carries. */
  carried(): Held<N>[] {
    return this.held;
  }
}
