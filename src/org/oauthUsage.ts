/*
 * Which apps have OAuth usage data: Connect REST `GET /services/data/vNN.0/apps/oauth/usage`, paged (page from 0;
 * pageSize defaults to 100, no maximum documented) until nextPageUrl is empty or a page comes back short
 * (docs/salesforce-facts.md §9.5). Entries name the app by developerName and identifier (0xI…).
 */
export const USAGE_PAGE_SIZE = 2000;
/** A bound on pages, so a misbehaving answer cannot loop forever. */
const MAX_PAGES = 50;

export type UsageApp = { developerName?: string; identifier?: string; label?: string };

export type UsageConnection = { version: string; request<T>(url: string): Promise<T> };

export async function appsWithUsage(connection: UsageConnection): Promise<UsageApp[]> {
  const apps: UsageApp[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = `/services/data/v${connection.version}/apps/oauth/usage?page=${page}&pageSize=${USAGE_PAGE_SIZE}`;
    const answer = await connection.request<{ apps?: UsageApp[]; nextPageUrl?: string | null }>(url);
    const items = answer?.apps ?? [];
    apps.push(...items);
    if (!answer?.nextPageUrl || items.length < USAGE_PAGE_SIZE) break;
  }
  return apps;
}
