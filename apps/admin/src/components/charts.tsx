import type { Point } from '../logic/dashboard-stats.js';

/** Horizontal bars, one per labelled value: readable at phone width, with the numbers written out. */
export function BarList({ title, points, format = String }: { title: string; points: Point[]; format?: (value: number) => string }) {
  const max = Math.max(...points.map((p) => p.value), 0);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {points.length === 0 ? (
        <p className="muted">Nothing in this range.</p>
      ) : (
        <ul className="bars">
          {points.map((p) => (
            <li key={p.label}>
              <span className="bar-label">{p.label}</span>
              <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                <rect width={max ? (p.value / max) * 100 : 0} height="10" />
              </svg>
              <span className="bar-value">{format(p.value)}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** Columns over time (one per day), scaled to the largest; each column's title tells its day and value. */
export function ColumnChart({ title, points, format = String }: { title: string; points: Point[]; format?: (value: number) => string }) {
  const max = Math.max(...points.map((p) => p.value), 0);
  const width = Math.max(points.length, 1) * 10;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg className="columns" viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" role="img" aria-label={`${title}: ${points.map((p) => `${p.label} ${format(p.value)}`).join(', ')}`}>
        {points.map((p, i) => {
          const height = max ? (p.value / max) * 96 : 0;
          return (
            <rect key={p.label} x={i * 10 + 1} y={100 - height} width="8" height={height}>
              <title>{`${p.label}: ${format(p.value)}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="axis">
        <span>{points[0]?.label}</span>
        <span>max {format(max)}</span>
        <span>{points.at(-1)?.label}</span>
      </div>
    </figure>
  );
}
