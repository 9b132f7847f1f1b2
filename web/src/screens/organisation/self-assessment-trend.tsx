/**
 * The self-assessments' trend: the total score (0 to 24) over time as a hand-drawn SVG line,
 * and the same data, each indicator's score too, in a table beneath it.
 */
import type { Schemas } from '../../api/client';
import { useLanguage } from '../../texts/language';

type Assessment = Schemas['SelfAssessment'];
const [WIDTH, HEIGHT, PAD] = [600, 220, 36];
const MAX_TOTAL = 24;

const total = (a: Assessment) => Object.values(a.scores).reduce((sum, score) => sum + score, 0);

export function TrendChart({ assessments }: { assessments: Assessment[] }) {
  const { texts, formatTime } = useLanguage();
  const s = texts.organisation.selfAssessment;
  const oldestFirst = [...assessments].reverse();
  const times = oldestFirst.map((a) => Date.parse(a.at));
  const [first, last] = [times[0], times[times.length - 1]];
  const x = (t: number) => (last === first ? WIDTH / 2 : PAD + ((t - first) / (last - first)) * (WIDTH - 2 * PAD));
  const y = (score: number) => HEIGHT - PAD - (score / MAX_TOTAL) * (HEIGHT - 2 * PAD);
  const points = oldestFirst.map((a, i) => [x(times[i]), y(total(a))] as const);
  return (
    <svg className="trend-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="trend-title trend-desc">
      <title id="trend-title">{s.chartTitle}</title>
      <desc id="trend-desc">
        {s.chartDesc(assessments.length, formatTime(oldestFirst[0].at), formatTime(oldestFirst[oldestFirst.length - 1].at))}
      </desc>
      <line className="axis" x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} />
      <line className="axis" x1={PAD} y1={PAD} x2={PAD} y2={HEIGHT - PAD} />
      {[0, 12, 24].map((score) => (
        <text key={score} x={PAD - 6} y={y(score) + 4} textAnchor="end">
          {score}
        </text>
      ))}
      <text x={PAD} y={HEIGHT - 8}>
        {formatTime(oldestFirst[0].at)}
      </text>
      {oldestFirst.length > 1 && (
        <text x={WIDTH - PAD} y={HEIGHT - 8} textAnchor="end">
          {formatTime(oldestFirst[oldestFirst.length - 1].at)}
        </text>
      )}
      <polyline className="line" points={points.map(([px, py]) => `${px},${py}`).join(' ')} />
      {points.map(([px, py], i) => (
        <circle key={oldestFirst[i].id} className="point" cx={px} cy={py} r={5} />
      ))}
    </svg>
  );
}

export function TrendTable({ assessments, indicators }: { assessments: Assessment[]; indicators: string[] }) {
  const { texts, formatTime } = useLanguage();
  const s = texts.organisation.selfAssessment;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={s.trend}>
      <table>
        <thead>
          <tr>
            <th scope="col">{s.when}</th>
            <th scope="col">{s.total}</th>
            <th scope="col">{s.risk}</th>
            {indicators.map((key) => (
              <th scope="col" key={key} title={s.indicators[key]}>
                {s.short[key] ?? key}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {assessments.map((a) => (
            <tr key={a.id}>
              <th scope="row">{formatTime(a.at)}</th>
              <td>{total(a)}</td>
              <td>{texts.riskLevels[a.riskLevel]}</td>
              {indicators.map((key) => (
                <td key={key}>{a.scores[key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
