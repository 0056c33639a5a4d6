import type { ComponentChildren } from 'preact';

/** A table's header row: one column header per name, in order. */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th scope="col" key={column}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** One fact of a `<dl class="facts">`: its term and what it is (`class` goes on the `<dd>`). */
export function Fact({ term, class: className, children }: { term: string; class?: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd class={className}>{children}</dd>
    </div>
  );
}

/** What a failed request said, announced to screen readers; nothing when there is no error. */
export function ErrorAlert({ error, prefix }: { error: Error | null; prefix: string }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {prefix}: {error.message}
    </p>
  );
}

/** The `<option>`s of a select, from value and label pairs. */
export function OptionList({ options }: { options: readonly { value: string; label: string }[] }) {
  return (
    <>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}
