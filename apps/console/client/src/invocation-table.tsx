import type { Invocation } from '@invocations/core';
import { formatTime, invocationPath } from './format.js';
import { TableHead } from './parts.js';
import { onLinkClick } from './router.js';
import { StatusBadge } from './status-badge.js';

/**
 * The table of invocations the list and the history share, newest first. `targetCounts` adds a Targets
 * column (the list has live targets; archived rows are shown without them).
 */
export function InvocationTable({ caption, invocations, targetCounts }: { caption: string; invocations: readonly Invocation[]; targetCounts?: (invocation: Invocation) => string }) {
  return (
    <table class="invocations">
      <caption class="visually-hidden">{caption}</caption>
      <TableHead columns={targetCounts ? ['Created', 'Status', 'Command', 'Where', 'Targets', 'Invocation'] : ['Created', 'Status', 'Command', 'Where', 'Invocation']} />
      <tbody>
        {invocations.map((invocation) => (
          <tr key={`${invocation.product}/${invocation.region}/${invocation.invokeId}`} data-invoke-id={invocation.invokeId} data-status={invocation.status}>
            <td data-label="Created">{formatTime(invocation.createdAt)}</td>
            <td data-label="Status">
              <StatusBadge status={invocation.status} />
            </td>
            <td data-label="Command">{invocation.commandName ?? invocation.commandId ?? '—'}</td>
            <td data-label="Where">
              {invocation.product.toUpperCase()} {invocation.region ?? ''}
            </td>
            {targetCounts ? <td data-label="Targets">{targetCounts(invocation)}</td> : null}
            <td data-label="Invocation">
              <a href={invocationPath(invocation)} onClick={onLinkClick} class="mono">
                {invocation.invokeId}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
