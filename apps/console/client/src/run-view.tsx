import { useMutation, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { postJson, type MetaResponse, type RunResponse } from './api.js';
import { invocationPath } from './format.js';
import { ErrorAlert, OptionList } from './parts.js';
import { navigate } from './router.js';

const TYPES = [
  { value: 'shell', label: 'Shell (RunShellScript)' },
  { value: 'powershell', label: 'PowerShell (RunPowerShellScript)' },
  { value: 'bat', label: 'Batch (RunBatScript)' },
] as const;

interface Draft {
  where: string;
  targets: string[];
  type: string;
  timeoutSeconds: number | undefined;
  name: string;
  command: string;
}

function readDraft(form: HTMLFormElement): Draft {
  const data = new FormData(form);
  const timeout = String(data.get('timeout') ?? '').trim();
  return {
    where: String(data.get('where') ?? ''),
    targets: String(data.get('targets') ?? '')
      .split(/[\s,]+/)
      .map((target) => target.trim())
      .filter((target) => target !== ''),
    type: String(data.get('type') ?? 'shell'),
    timeoutSeconds: timeout === '' ? undefined : Number(timeout),
    name: String(data.get('name') ?? '').trim(),
    command: String(data.get('command') ?? ''),
  };
}

/**
 * Run a command: a form for where, targets, command, type and timeout, then a review step that says
 * exactly what will run where; only "Run now" there sends it (once: a run is never retried from the
 * page). On success the page opens the new invocation.
 */
export function RunView({ meta }: { meta: MetaResponse | undefined }) {
  const runnable = (meta?.sources ?? []).filter((source) => source.run);
  const [draft, setDraft] = useState<Draft | undefined>();
  const [editing, setEditing] = useState<Draft | undefined>();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (value: Draft) => {
      const [product, region] = value.where.split('/') as [string, string];
      return postJson<RunResponse>('/api/run', {
        product,
        region,
        request: {
          command: value.command,
          type: value.type,
          targets: value.targets,
          ...(value.timeoutSeconds === undefined ? {} : { timeoutSeconds: value.timeoutSeconds }),
          ...(value.name ? { name: value.name } : {}),
        },
      });
    },
    retry: false,
    onSuccess: (result, value) => {
      const [product, region] = value.where.split('/') as [string, string];
      void queryClient.invalidateQueries({ queryKey: ['invocations'] });
      navigate(invocationPath({ product, region, invokeId: result.invokeId }));
    },
  });

  if (meta && runnable.length === 0) {
    return (
      <>
        <h1 tabIndex={-1}>Run a command</h1>
        <p>This console does not run commands: start it with --allow-run (the emulator allows it by default).</p>
      </>
    );
  }
  const shown = editing ?? draft;
  return (
    <>
      <h1 tabIndex={-1}>Run a command</h1>
      {draft ? (
        <section aria-labelledby="review-heading" class="review">
          <h2 id="review-heading">Review before running</h2>
          <p>
            Run this {TYPES.find((type) => type.value === draft.type)?.label ?? draft.type} command on{' '}
            <strong>
              {draft.targets.length} target{draft.targets.length === 1 ? '' : 's'}
            </strong>{' '}
            in {(draft.where.split('/')[0] ?? '').toUpperCase()} {draft.where.split('/')[1]}
            {draft.timeoutSeconds === undefined ? ' (timeout 60 s, the default)' : ` (timeout ${draft.timeoutSeconds} s)`}:
          </p>
          <ul class="review-targets">
            {draft.targets.map((target) => (
              <li key={target} class="mono">
                {target}
              </li>
            ))}
          </ul>
          <pre class="command" tabIndex={0} aria-label="Command to run">
            {draft.command}
          </pre>
          <ErrorAlert error={run.error} prefix="The run was refused" />
          <div class="actions">
            <button type="button" onClick={() => run.mutate(draft)} disabled={run.isPending}>
              {run.isPending ? 'Running...' : 'Run now'}
            </button>
            <button
              type="button"
              class="secondary"
              disabled={run.isPending}
              onClick={() => {
                setEditing(draft);
                setDraft(undefined);
                run.reset();
              }}
            >
              Back to edit
            </button>
          </div>
        </section>
      ) : (
        <form
          class="run-form"
          aria-label="Command to run"
          onSubmit={(event) => {
            event.preventDefault();
            setDraft(readDraft(event.currentTarget as HTMLFormElement));
          }}
        >
          <div class="field">
            <label for="run-where">Product and region</label>
            <select id="run-where" name="where" required value={shown?.where}>
              <OptionList options={runnable.map((source) => ({ value: `${source.product}/${source.region}`, label: `${source.product.toUpperCase()} ${source.region}` }))} />
            </select>
          </div>
          <div class="field">
            <label for="run-targets">Targets</label>
            <textarea id="run-targets" name="targets" rows={3} required aria-describedby="run-targets-help" defaultValue={shown?.targets.join('\n')} />
            <p id="run-targets-help" class="help muted">
              Instance or node ids, one per line or separated by commas.
            </p>
          </div>
          <div class="field">
            <label for="run-type">Type</label>
            <select id="run-type" name="type" value={shown?.type ?? 'shell'}>
              <OptionList options={TYPES} />
            </select>
          </div>
          <div class="field">
            <label for="run-timeout">Timeout (seconds)</label>
            <input id="run-timeout" name="timeout" type="number" min={10} max={86400} step={1} placeholder="60" defaultValue={shown?.timeoutSeconds?.toString()} />
          </div>
          <div class="field">
            <label for="run-name">Name (optional)</label>
            <input id="run-name" name="name" type="text" maxLength={128} defaultValue={shown?.name} />
          </div>
          <div class="field wide">
            <label for="run-command">Command</label>
            <textarea id="run-command" name="command" rows={8} required class="mono" defaultValue={shown?.command} />
          </div>
          <div class="field actions">
            <button type="submit">Review</button>
          </div>
        </form>
      )}
    </>
  );
}
