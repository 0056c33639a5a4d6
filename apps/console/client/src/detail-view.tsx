import type { InvocationTarget } from '@invocations/core';
import { useMutation, useQuery } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { ApiFailure, getJson, postJson, type InvocationResponse, type MetaResponse } from './api.js';
import { formatBytes, formatTime, isActive, statusClass } from './format.js';
import { ErrorAlert, Fact } from './parts.js';
import { onLinkClick } from './router.js';
import { StatusBadge } from './status-badge.js';

/**
 * Whether a stop was sent to this target and it has not ended yet. The service records the stop's time
 * (StopTime) at once, but a run that had already started goes on to its end (ECS StopInvocation: "instances
 * that have started to run the command continue to run the command"); only targets that had not started
 * are cancelled.
 */
function stopSentStillActive(target: InvocationTarget): boolean {
  return target.stoppedAt !== undefined && isActive(target.status);
}

function TargetCard({ target, meanings }: { target: InvocationTarget; meanings: Record<string, string> }) {
  const meaning = target.errorCode ? meanings[target.errorCode] : undefined;
  const stopSent = stopSentStillActive(target);
  const headingId = `target-${target.id}`;
  return (
    <article class={`target ${statusClass(target.status)}`} aria-labelledby={headingId} data-target-id={target.id} data-status={target.status}>
      <h3 id={headingId}>
        <span class="mono">{target.id}</span> <StatusBadge status={target.status} />
      </h3>
      <dl class="facts">
        <Fact term="Status">{target.status}</Fact>
        <Fact term="Exit code" class="mono">
          {target.exitCode ?? '—'}
        </Fact>
        <Fact term="Error code" class="error-code">
          {target.errorCode ? (
            <>
              <span class="mono">{target.errorCode}</span>
              {meaning ? <span class="meaning">: {meaning}</span> : null}
              {target.rawErrorCode && target.rawErrorCode !== target.errorCode ? <span class="muted"> (sent as {target.rawErrorCode})</span> : null}
            </>
          ) : (
            'none'
          )}
        </Fact>
        {target.errorInfo ? (
          <Fact term="Error detail" class="error-info">
            {target.errorInfo}
          </Fact>
        ) : null}
        <Fact term="Started">{formatTime(target.startedAt)}</Fact>
        {/* A target still active has not finished, whatever StopTime says: that is when a stop was sent. */}
        <Fact term="Finished">{formatTime(isActive(target.status) ? target.finishedAt : (target.finishedAt ?? target.stoppedAt))}</Fact>
        {stopSent ? (
          <Fact term="Stop sent" class="stop-sent">
            {formatTime(target.stoppedAt)}
            {target.status === 'Running' ? <span class="muted"> (a run that had started goes on until it ends)</span> : null}
          </Fact>
        ) : null}
      </dl>
      <h4>Output</h4>
      {target.droppedBytes > 0 ? (
        <p class="note truncated">The service cut this output: {formatBytes(target.droppedBytes)} beyond its first 24 KB were dropped.</p>
      ) : null}
      {target.output ? (
        <pre class="output" tabIndex={0} aria-label={`Output of ${target.id}`}>
          {target.output}
        </pre>
      ) : (
        <p class="muted">{target.output === '' ? 'No output.' : 'No output was returned.'}</p>
      )}
      <details>
        <summary>Raw record of {target.id}</summary>
        <pre class="raw" tabIndex={0}>
          {JSON.stringify(target, null, 2)}
        </pre>
      </details>
    </article>
  );
}

/**
 * One invocation: its command, and for each target the status, exit code, error code with its
 * meaning, start and finish, the decoded output (with the service's truncation said) and the raw
 * record. Re-read every `refreshMs` while it is active.
 */
export function DetailView({ product, region, invokeId, meta }: { product: string; region: string; invokeId: string; meta: MetaResponse | undefined }) {
  const path = `/api/invocations/${encodeURIComponent(product)}/${encodeURIComponent(region)}/${encodeURIComponent(invokeId)}`;
  const query = useQuery({
    queryKey: ['invocation', product, region, invokeId],
    queryFn: ({ signal }) => getJson<InvocationResponse>(path, signal),
    refetchInterval: (current) => (current.state.data && isActive(current.state.data.invocation.status) ? (meta?.refreshMs ?? 2_000) : false),
    retry: (count, error) => !(error instanceof ApiFailure && error.status < 500) && count < 1,
  });
  const invocation = query.data?.invocation;
  const canStop = meta?.sources.some((source) => source.stop && source.product === product && source.region === region) === true;
  const [confirming, setConfirming] = useState(false);
  const stop = useMutation({
    mutationFn: () => postJson<{ stopped: string }>(`${path}/stop`, {}),
    retry: false,
    // The invocation is read again before the action settles, so the page never shows the Stop button
    // of the state before the stop once "Stopping..." ends.
    onSuccess: async () => {
      await query.refetch();
      setConfirming(false);
    },
  });
  // What the stop section offers comes from the service's record (StopTime), not from this page's memory:
  // after a reload, or from another page, a sent stop is still shown as sent.
  const stopSentTo = invocation?.targets.filter(stopSentStillActive) ?? [];
  const notYetStopped = invocation?.targets.some((target) => isActive(target.status) && target.stoppedAt === undefined) ?? false;
  const offerStop = invocation !== undefined && canStop && isActive(invocation.status) && (notYetStopped || stopSentTo.length === 0);
  const failedFirst = invocation ? [...invocation.targets].sort((a, b) => Number(statusClass(b.status) === 'failed') - Number(statusClass(a.status) === 'failed')) : [];

  return (
    <>
      <p class="back">
        <a href="/" onClick={onLinkClick}>
          ← All invocations
        </a>
      </p>
      <h1 tabIndex={-1}>
        {invocation?.commandName ?? 'Invocation'} <span class="mono subtle">{invokeId}</span>
      </h1>
      <ErrorAlert error={query.error} prefix="Could not read this invocation" />
      {query.data?.archiveError ? (
        <p class="note archive-error" role="alert">
          The archive could not keep this invocation: {query.data.archiveError}
        </p>
      ) : null}
      {query.isPending ? <p aria-busy="true">Reading the invocation...</p> : null}
      {invocation ? (
        <>
          <dl class="facts summary">
            <Fact term="Status">
              <StatusBadge status={invocation.status} />
            </Fact>
            <Fact term="Where">
              {invocation.product.toUpperCase()} {invocation.region}
            </Fact>
            <Fact term="Created">{formatTime(invocation.createdAt)}</Fact>
            <Fact term="Command">
              {invocation.commandType ?? '—'}
              {invocation.commandId ? <span class="mono subtle"> {invocation.commandId}</span> : null}
            </Fact>
            <Fact term="Timeout">{invocation.timeoutSeconds === undefined ? '—' : `${invocation.timeoutSeconds} s`}</Fact>
          </dl>
          {stopSentTo.length > 0 ? (
            <p class="note stop-sent" role="status">
              A stop was sent at {formatTime(stopSentTo[0]!.stoppedAt)}. {stopSentTo.length} target{stopSentTo.length === 1 ? ' has' : 's have'} not ended yet:
              a run that had already started goes on until it ends, and a target that had not started is cancelled.
            </p>
          ) : null}
          {offerStop || (confirming && stop.isPending) ? (
            <section aria-labelledby="stop-heading" class="stop">
              <h2 id="stop-heading" class="visually-hidden">
                Stop
              </h2>
              {confirming ? (
                <div class="actions" role="group" aria-label="Confirm stop">
                  <p>
                    Stop this invocation on all {invocation.targets.length} target{invocation.targets.length === 1 ? '' : 's'}?
                  </p>
                  <button type="button" class="danger" onClick={() => stop.mutate()} disabled={stop.isPending}>
                    {stop.isPending ? 'Stopping...' : 'Stop now'}
                  </button>
                  <button type="button" class="secondary" onClick={() => setConfirming(false)} disabled={stop.isPending}>
                    Cancel
                  </button>
                </div>
              ) : (
                <button type="button" class="danger" onClick={() => setConfirming(true)}>
                  Stop invocation
                </button>
              )}
              <ErrorAlert error={stop.error} prefix="Could not stop it" />
            </section>
          ) : null}
          {invocation.commandContent ? (
            <>
              <h2>Command</h2>
              <pre class="command" tabIndex={0} aria-label="Command content">
                {invocation.commandContent}
              </pre>
            </>
          ) : null}
          <section aria-labelledby="targets-heading">
            <h2 id="targets-heading">
              {invocation.targets.length} target{invocation.targets.length === 1 ? '' : 's'}
            </h2>
            <div class="targets">
              {failedFirst.map((target) => (
                <TargetCard key={target.id} target={target} meanings={query.data?.errorMeanings ?? {}} />
              ))}
            </div>
          </section>
          <details>
            <summary>Raw record of the invocation</summary>
            <pre class="raw" tabIndex={0}>
              {JSON.stringify(invocation, null, 2)}
            </pre>
          </details>
        </>
      ) : null}
    </>
  );
}
