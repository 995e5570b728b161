/** Small charts drawn on the server as SVG: no chart service, no script, readable by screen readers. */

export function BarChart(props: { title: string; values: number[]; labels: string[]; width?: number; height?: number; unit?: string }) {
  const width = props.width ?? 640;
  const height = props.height ?? 160;
  const pad = { top: 10, right: 8, bottom: 22, left: 36 };
  const max = Math.max(1, ...props.values);
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = innerW / Math.max(1, props.values.length);
  const barW = Math.max(1, step * 0.8);
  const every = Math.max(1, Math.ceil(props.values.length / 8));
  const total = props.values.reduce((a, b) => a + b, 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${props.title}: ${total} in all, at most ${max} ${props.unit ?? ''} in one bar`}>
        <line x1={pad.left} y1={pad.top + innerH} x2={width - pad.right} y2={pad.top + innerH} class="axis" />
        <text x={pad.left - 4} y={pad.top + 8} text-anchor="end" class="tick">
          {max}
        </text>
        <text x={pad.left - 4} y={pad.top + innerH} text-anchor="end" class="tick">
          0
        </text>
        {props.values.map((v, i) => {
          const h = (v / max) * innerH;
          return (
            <rect key={i} x={pad.left + i * step + (step - barW) / 2} y={pad.top + innerH - h} width={barW} height={h} class="bar">
              <title>
                {props.labels[i]}: {v}
              </title>
            </rect>
          );
        })}
        {props.labels.map((l, i) =>
          i % every === 0 ? (
            <text key={i} x={pad.left + i * step + step / 2} y={height - 6} text-anchor="middle" class="tick">
              {l}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>{props.title}</figcaption>
    </figure>
  );
}
