import { useCallback, useSyncExternalStore } from 'react';

// Filters and selections live in the hash's query (`#/admin/users?role=ADMIN&q=li`), so a link
// carries them: sending it shows the other person the same view.

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('atelier:hashquery', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('atelier:hashquery', onChange);
  };
}

const readQuery = () => window.location.hash.split('?')[1] ?? '';

/**
 * The hash query's values, and a setter that changes them in place (history.replaceState: typing in a
 * filter does not pile up Back steps). Empty values are left out of the address.
 */
export function useHashQuery(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const query = useSyncExternalStore(subscribe, readQuery, () => '');
  const update = useCallback((changes: Record<string, string | null>) => {
    const [path = '', current = ''] = window.location.hash.split('?');
    const params = new URLSearchParams(current);
    for (const [name, value] of Object.entries(changes)) {
      if (value) params.set(name, value);
      else params.delete(name);
    }
    const next = params.toString();
    // `path` keeps its '#' (an address without a hash gets one, or the query would land in `search`).
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${path || '#'}${next ? `?${next}` : ''}`);
    window.dispatchEvent(new Event('atelier:hashquery'));
  }, []);
  return [new URLSearchParams(query), update];
}
