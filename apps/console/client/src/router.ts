import { useEffect, useState } from 'preact/hooks';

// A router of a few lines: the page has three views, chosen by the path; filters live in the query
// string, so every view can be linked to and survives a reload.

const listeners = new Set<() => void>();

/** Goes to a path of the page without reloading it. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

/** The current `location` (path and query), re-read on every navigation and on Back/Forward. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const update = (): void => setVersion((version) => version + 1);
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

/** Handles a click on a same-page link: a plain left click navigates in place; modified clicks open as the browser would. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.origin !== location.origin) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
