import { statusClass } from './format.js';

/** A status in words, coloured by its group (the colour is never the only sign). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge ${statusClass(status)}`} data-status={status}>
      {status}
    </span>
  );
}
