import { useQuery } from '@tanstack/preact-query';
import { useEffect, useRef } from 'preact/hooks';
import { getJson, type MetaResponse } from './api.js';
import { DetailView } from './detail-view.js';
import { HistoryView } from './history-view.js';
import { ListView } from './list-view.js';
import { RunView } from './run-view.js';
import { onLinkClick, useLocation } from './router.js';

const DETAIL = /^\/invocations\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

/** The page: a banner with the views, and the view the path names. */
export function App() {
  const { path, search } = useLocation();
  const meta = useQuery({ queryKey: ['meta'], queryFn: ({ signal }) => getJson<MetaResponse>('/api/meta', signal), staleTime: Infinity });
  const detail = DETAIL.exec(path);
  const view = detail ? 'detail' : path === '/history' ? 'history' : path === '/run' ? 'run' : 'list';

  // After a change of view, focus moves to its heading, so a keyboard or screen reader user starts there.
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="banner">
        <p class="brand">Invocations</p>
        <nav aria-label="Views">
          <ul>
            <li>
              <a href="/" onClick={onLinkClick} aria-current={view === 'list' ? 'page' : undefined}>
                Invocations
              </a>
            </li>
            {meta.data?.sources.some((source) => source.run) ? (
              <li>
                <a href="/run" onClick={onLinkClick} aria-current={view === 'run' ? 'page' : undefined}>
                  Run a command
                </a>
              </li>
            ) : null}
            {meta.data?.archive ? (
              <li>
                <a href="/history" onClick={onLinkClick} aria-current={view === 'history' ? 'page' : undefined}>
                  History
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      </header>
      <main id="main" ref={mainRef}>
        {detail ? (
          <DetailView product={decodeURIComponent(detail[1] as string)} region={decodeURIComponent(detail[2] as string)} invokeId={decodeURIComponent(detail[3] as string)} meta={meta.data} />
        ) : view === 'run' ? (
          <RunView meta={meta.data} />
        ) : view === 'history' ? (
          <HistoryView search={search} meta={meta.data} />
        ) : (
          <ListView search={search} meta={meta.data} />
        )}
      </main>
    </>
  );
}
