// Runs before every studio test file (jest.config.mjs): React's act() environment, and a clean
// slate after each test (Testing Library unmounts what it rendered by itself).
import { afterEach } from '@jest/globals';
import { studioQueryClient } from '../lib/query-client';
import { forgetTestSession } from './session-cookie';
import { restoreGlobals } from './stub-global';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  localStorage.clear();
  forgetTestSession();
  // Filters and selections live in the address: each test starts at a bare one.
  window.history.replaceState(null, '', window.location.pathname);
  // Each test starts with an empty query cache, as a fresh page would.
  studioQueryClient.clear();
  restoreGlobals();
});
