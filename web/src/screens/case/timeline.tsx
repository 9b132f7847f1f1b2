/** The case's timeline: the picture, its key, and the same items as a list in time order. */
import { useMemo } from 'react';
import { useLanguage } from '../../texts/language';
import { timelineData, type Entry } from './timeline-data';
import type { Schemas } from '../../api/client';
import { TimelineLegend, TimelinePicture, TONES } from './timeline-picture';

interface Props {
  caseCode: string;
  entries: Entry[];
  deadlines: Schemas['PastDeadline'][];
  next: Schemas['Schedule'] | null;
}

/** A long history spans years, which the short time format leaves out. */
function withYear(time: string, at: number): string {
  const year = new Date(at).getFullYear();
  return year === new Date().getFullYear() ? time : `${time} (${year})`;
}

export function Timeline({ caseCode, entries, deadlines, next }: Props) {
  const { texts, formatTime } = useLanguage();
  const data = useMemo(() => timelineData({ entries, deadlines, next, now: Date.now() }, texts), [entries, deadlines, next, texts]);
  const t = texts.casePage.timeline;
  const count = (lane: string, tones?: string[]) => data.items.filter((i) => i.lane === lane && (!tones || tones.includes(i.tone))).length;
  const desc = t.desc(
    formatTime(new Date(data.from).toISOString()),
    formatTime(new Date(data.to).toISOString()),
    t.counts(
      count('assessment'),
      count('event', ['hearing', 'release', 'incident']),
      count('deadline', ['on-time', 'late']),
      count('deadline', ['not-done']),
      count('alert'),
    ),
  );
  return (
    <section aria-labelledby="timeline" className="timeline">
      <h2 id="timeline">{t.title}</h2>
      <TimelinePicture data={data} title={t.pictureTitle(caseCode)} desc={desc} />
      <TimelineLegend texts={texts} />
      <h3 id="timeline-list">{t.list}</h3>
      {data.items.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ol className="timeline-list" aria-labelledby="timeline-list">
          {data.items.map((item) => (
            <li key={item.key} className={`lane-${item.lane}`}>
              <time dateTime={new Date(item.at).toISOString()}>{withYear(formatTime(new Date(item.at).toISOString()), item.at)}</time>
              <span className="what">
                <svg width="12" height="12" aria-hidden="true" focusable="false">
                  <rect width="12" height="12" fill={TONES[item.tone]} stroke="#1b1f24" />
                </svg>{' '}
                {item.label}
                {item.details.map((line, i) => (
                  <span key={i} className="detail">
                    {line}
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
