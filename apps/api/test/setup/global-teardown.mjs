// Stops the servers global-setup.mjs started, once the last project that uses them is done.
export default async function globalTeardown() {
  const servers = globalThis.atelierTestServers;
  if (!servers || --servers.users > 0) return;
  globalThis.atelierTestServers = undefined;
  for (const cleanup of servers.cleanups) await cleanup();
}
