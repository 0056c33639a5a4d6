import { QueryClient, QueryClientProvider } from '@tanstack/preact-query';
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The API reads live services: a failed read is tried once more, then shown.
      retry: 1,
      refetchOnWindowFocus: true,
      staleTime: 1_000,
    },
  },
});

render(
  <QueryClientProvider client={queryClient}>
    <App />
  </QueryClientProvider>,
  document.getElementById('app') as HTMLElement,
);
