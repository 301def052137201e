// The admin's side of the example, which a real app never runs: an Atelier admin signs in to the
// studio's GraphQL API, issues the app's API key, and reads a designer's earnings. Plain fetch with a
// session token (Authorization: Bearer), apart from the app's client on purpose.

export interface StudioAdmin {
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

async function post<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  }).catch((e: unknown) => {
    throw new Error(`Atelier could not be reached at ${url}: ${e instanceof Error ? e.message : String(e)}`);
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new Error(`${body.errors[0]!.message} (${body.errors[0]!.extensions?.code ?? 'no code'})`);
  return body.data!;
}

/** Signs in as an admin: a session that runs GraphQL operations as them. */
export async function signInAsAdmin(url: string, email: string, password: string): Promise<StudioAdmin & { displayName: string }> {
  const { login } = await post<{ login: { token: string; user: { displayName: string; roles: string[] } } }>(
    url,
    `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token user { displayName roles } } }`,
    { email, password },
  );
  if (!login.user.roles.includes('ADMIN')) throw new Error(`${email} is not an admin`);
  return { displayName: login.user.displayName, gql: (query, variables = {}) => post(url, query, variables, login.token) };
}

export interface IssuedKey {
  key: string;
  webhookSecret: string;
  prefix: string;
}

/** What an admin does for a new consumer app: a key with the scopes it needs, and its webhook secret. */
export async function issueConsumerKey(admin: StudioAdmin, consumerApp: string): Promise<IssuedKey> {
  const { createApiKey } = await admin.gql<{ createApiKey: { key: string; webhookSecret: string | null; apiKey: { prefix: string } } }>(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key webhookSecret apiKey { prefix } } }`,
    { input: { name: `${consumerApp} (example)`, consumerApp, scopes: ['CATALOG_READ', 'USAGE_WRITE', 'RENDER'] } },
  );
  if (!createApiKey.webhookSecret) throw new Error('a RENDER key came without a webhook secret');
  return { key: createApiKey.key, webhookSecret: createApiKey.webhookSecret, prefix: createApiKey.apiKey.prefix };
}

export interface Earnings {
  uses: number;
  grossMinor: number;
  shareMinor: number;
}

/** The template's designer (its owner). */
export async function designerOf(admin: StudioAdmin, templateId: string): Promise<{ id: string; displayName: string }> {
  const { template } = await admin.gql<{ template: { owner: { id: string; displayName: string } } | null }>(`query($id: ID!) { template(id: $id) { owner { id displayName } } }`, { id: templateId });
  if (!template) throw new Error(`template ${templateId} not found`);
  return template.owner;
}

const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** A designer's earnings from one template in one currency, this month (and the day either side, so a run at midnight still adds up). */
export async function earningsFrom(admin: StudioAdmin, designerId: string, templateId: string, currency: string): Promise<Earnings> {
  const now = Date.now();
  const { earnings } = await admin.gql<{ earnings: Array<{ templateId: string; currency: string; uses: number; grossMinor: number; shareMinor: number }> }>(
    `query($designerId: ID!, $from: String!, $to: String!) { earnings(designerId: $designerId, from: $from, to: $to) { month templateId templateTitle currency uses grossMinor shareMinor } }`,
    { designerId, from: month(now - 86_400_000), to: month(now + 86_400_000) },
  );
  const rows = earnings.filter((r) => r.templateId === templateId && r.currency === currency);
  return { uses: rows.reduce((n, r) => n + r.uses, 0), grossMinor: rows.reduce((n, r) => n + r.grossMinor, 0), shareMinor: rows.reduce((n, r) => n + r.shareMinor, 0) };
}

export interface UsageLine {
  appName: string | null;
  kind: string;
  basisMinor: number;
  shareMinor: number;
  currency: string;
  templateTitle: string;
  versionNumber: number;
  occurredAt: string;
}

/** The designer's latest paid uses, newest first. */
export async function recentUsage(admin: StudioAdmin, designerId: string): Promise<UsageLine[]> {
  const { recentUsage: lines } = await admin.gql<{ recentUsage: UsageLine[] }>(
    `query($designerId: ID!) { recentUsage(designerId: $designerId, first: 10) { appName kind basisMinor shareMinor currency templateTitle versionNumber occurredAt } }`,
    { designerId },
  );
  return lines;
}
