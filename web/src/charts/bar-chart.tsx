import { niceTicks } from './scale.js';

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar (formatted by the caller). */
  display: string;
}

/** Horizontal bars: long category names (models, regions) stay readable on a tablet. */
export function BarChart({ bars, title, max: maxOverride }: { bars: readonly Bar[]; title: string; max?: number }) {
  const max = maxOverride ?? Math.max(0, ...bars.map((b) => b.value));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const rowH = 26;
  const labelW = 140;
  const W = 560;
  const chartW = W - labelW - 140;
  const H = bars.length * rowH + 24;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <title>{title}</title>
      {ticks.map((tk) => {
        const x = labelW + (tk / top) * chartW;
        return <line key={tk} x1={x} x2={x} y1={0} y2={H - 20} className="chart-grid" />;
      })}
      {bars.map((b, i) => {
        const y = i * rowH + 4;
        const w = Math.max(1, (b.value / top) * chartW);
        return (
          <g key={`${b.label}-${i}`}>
            <text x={labelW - 8} y={y + 15} textAnchor="end" className="chart-label">
              {b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label}
            </text>
            <rect x={labelW} y={y} width={w} height={rowH - 8} rx={3} className="chart-bar" />
            <text x={labelW + w + 6} y={y + 15} className="chart-value">
              {b.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Monthly series as columns with a label every few months. */
export function ColumnChart({ points, title }: { points: readonly Bar[]; title: string }) {
  const max = Math.max(0, ...points.map((p) => p.value));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const W = 560;
  const H = 220;
  const left = 40;
  const bottom = 30;
  // columns no wider than 56 px, so one month does not fill the chart
  const colW = Math.min(56, (W - left - 10) / Math.max(1, points.length));
  // a label every few columns, as many as fit (about 90 px each)
  const every = Math.max(1, Math.ceil(90 / colW));
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <title>{title}</title>
      {ticks.map((tk) => {
        const y = H - bottom - (tk / top) * (H - bottom - 10);
        return (
          <g key={tk}>
            <line x1={left} x2={W - 10} y1={y} y2={y} className="chart-grid" />
            <text x={left - 4} y={y + 4} textAnchor="end" className="chart-axis">
              {tk}
            </text>
          </g>
        );
      })}
      {points.map((p, i) => {
        const h = (p.value / top) * (H - bottom - 10);
        const x = left + i * colW;
        return (
          <g key={`${p.label}-${i}`}>
            <rect x={x + 2} y={H - bottom - h} width={Math.max(1, colW - 4)} height={h} rx={2} className="chart-bar">
              <title>{`${p.label}: ${p.display}`}</title>
            </rect>
            {i % every === 0 && (
              <text x={x + colW / 2} y={H - 10} textAnchor="middle" className="chart-axis">
                {p.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
