import type { Invocation } from '@invocations/core';
import { statusClass, type StatusClass } from './format.js';

const CLASSES: readonly { key: StatusClass; label: string }[] = [
  { key: 'success', label: 'Success' },
  { key: 'failed', label: 'Failed' },
  { key: 'active', label: 'Active' },
  { key: 'stopped', label: 'Stopped' },
];
const BUCKETS = 24;
const WIDTH = 720;
const HEIGHT = 120;

/**
 * Statuses over time: the listed invocations in 24 equal stretches between the oldest and the
 * newest, each a stacked bar of success, failed, active and stopped. Plain SVG; the totals are also
 * said in words (the image's label and the legend), so nothing is only in the picture.
 */
export function StatusChart({ invocations }: { invocations: readonly Invocation[] }) {
  const timed = invocations
    .map((invocation) => ({ at: invocation.createdAt ? Date.parse(invocation.createdAt) : Number.NaN, group: statusClass(invocation.status) }))
    .filter((entry) => Number.isFinite(entry.at));
  const totals: Record<StatusClass, number> = { success: 0, failed: 0, active: 0, stopped: 0 };
  for (const entry of timed) totals[entry.group]++;
  const summary = CLASSES.map(({ key, label }) => `${totals[key]} ${label.toLowerCase()}`).join(', ');
  if (timed.length === 0) return <p class="muted">No invocation times to chart.</p>;

  const from = Math.min(...timed.map((entry) => entry.at));
  const to = Math.max(...timed.map((entry) => entry.at));
  const span = Math.max(to - from, 60_000);
  const buckets = Array.from({ length: BUCKETS }, () => ({ success: 0, failed: 0, active: 0, stopped: 0 }) as Record<StatusClass, number>);
  for (const entry of timed) buckets[Math.min(BUCKETS - 1, Math.floor(((entry.at - from) / span) * BUCKETS))]![entry.group]++;
  const highest = Math.max(1, ...buckets.map((bucket) => bucket.success + bucket.failed + bucket.active + bucket.stopped));
  const barWidth = WIDTH / BUCKETS;
  const label = `Statuses over time, ${new Date(from).toLocaleString()} to ${new Date(from + span).toLocaleString()}: ${summary}`;

  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={label}>
        <title>{label}</title>
        {buckets.map((bucket, index) => {
          let y = HEIGHT;
          return CLASSES.map(({ key }) => {
            const height = (bucket[key] / highest) * (HEIGHT - 4);
            y -= height;
            return height > 0 ? <rect key={`${index}-${key}`} class={`bar ${key}`} x={index * barWidth + 1} y={y} width={barWidth - 2} height={height} /> : null;
          });
        })}
      </svg>
      <figcaption>
        <span class="axis">{new Date(from).toLocaleString()}</span>
        <ul class="legend">
          {CLASSES.map(({ key, label: name }) => (
            <li key={key}>
              <span class={`swatch ${key}`} aria-hidden="true" />
              {name} {totals[key]}
            </li>
          ))}
        </ul>
        <span class="axis">{new Date(from + span).toLocaleString()}</span>
      </figcaption>
    </figure>
  );
}
