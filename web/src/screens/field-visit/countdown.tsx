/** The countdown to the visit's expected end, readable at arm's length; past it, "Overdue" and by how long. */
import { useEffect, useState } from 'react';
import { useLanguage } from '../../texts/language';
import type { FieldVisit } from './field-visit';

/** The time now, once a second. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** "1:05:09", "5:09": hours only when there are any. */
export function clock(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1_000);
  const [h, m, s] = [Math.floor(seconds / 3_600), Math.floor(seconds / 60) % 60, seconds % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export function Countdown({ visit }: { visit: FieldVisit }) {
  const { texts, formatTime } = useLanguage();
  const v = texts.visit;
  const now = useNow();
  const end = Date.parse(visit.expectedEndAt);
  const alertAt = end + visit.graceMinutes * 60_000;
  const overdue = visit.state === 'MISSED' || now >= end;
  return (
    <div className={overdue ? 'countdown countdown-overdue' : 'countdown'}>
      {overdue && <p className="countdown-state">{v.overdue}</p>}
      <p className="countdown-clock" role="timer" data-varies>
        {clock(end - now)}
        {!overdue && <span className="countdown-unit"> {v.left}</span>}
      </p>
      <p className="visit-line">{v.checkInBy(formatTime(visit.expectedEndAt))}</p>
      <p className="visit-line">{visit.state === 'MISSED' ? v.missed : v.alertAt(formatTime(new Date(alertAt).toISOString()))}</p>
    </div>
  );
}
