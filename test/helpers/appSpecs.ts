import { type AppSpec } from '../../src/model/appSpec.js';

/** A valid, quiet spec (no findings at all): web server flow with PKCE and an admin-approved permission set. */
export function baseSpec(overrides: Partial<Omit<AppSpec, 'oauth' | 'policies'>> = {}): AppSpec {
  return {
    apiName: 'Billing_Sync',
    label: 'Billing Sync',
    contactEmail: 'integrations@example.com',
    distributionState: 'Local',
    ...overrides,
    oauth: {
      flows: ['web-server'],
      callbackUrls: ['https://billing.example.com/oauth/callback'],
      scopes: ['Api', 'RefreshToken'],
      publicClient: false,
    },
    policies: {
      permittedUsers: 'AdminApprovedPreAuthorized',
      permissionSets: ['Billing_Integration'],
      profiles: [],
      refreshTokenPolicy: 'SpecificInactivity',
      refreshTokenValidity: { period: 30, unit: 'Days' },
      ipRelaxation: 'Enforce',
      sessionTimeoutMinutes: 15,
    },
  };
}

/** baseSpec with changes to oauth and policies. */
export function specWith(change: {
  top?: Partial<Omit<AppSpec, 'oauth' | 'policies'>>;
  oauth?: Partial<AppSpec['oauth']>;
  policies?: Partial<AppSpec['policies']>;
}): AppSpec {
  const spec = baseSpec(change.top);
  return withoutUndefined({
    ...spec,
    oauth: { ...spec.oauth, ...change.oauth },
    policies: { ...spec.policies, ...change.policies },
  });
}

/** A copy without keys whose value is undefined (an absent optional field, as parse returns it). */
export function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A valid client credentials app running as `runAsUser` (what deploy and verify are most often given). */
export function clientCredentialsSpec(runAsUser: string, apiName = 'Billing_Sync'): AppSpec {
  return specWith({
    top: { apiName, label: apiName.replace(/_/g, ' ') },
    oauth: { flows: ['client-credentials'], callbackUrls: ['https://billing.example.com/callback'], scopes: ['Api'] },
    policies: { permissionSets: [], runAsUser },
  });
}
