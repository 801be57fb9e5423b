/*
 * The parts of a Connected App conversion beyond identity and OAuth switches (./convertConnectedApp.ts): the OAuth and
 * session policies (IP relaxation, refresh tokens, session timeout and level), the ID and asset token settings, and
 * the flows the ECA's files then say. Pure.
 */
import { type AppSpec, type OAuthFlow } from './appSpec.js';
import { checkCallbackUrl } from './callbacks.js';
import { type ConnectedApp, type Located } from './connectedApp.js';
import {
  convertIpRelaxation,
  convertRefreshTokenPolicy,
  convertSessionLevel,
  type Fate,
} from './connectedAppMapping.js';
import { type EcaFileKey, type ExtraElement } from './convertConnectedApp.js';
import { specMessages } from './findings.js';
import { sortFlows } from './flows.js';

const note = (key: string, tokens: Array<string | number> = []): string =>
  specMessages.getMessage(`mapping.${key}`, tokens);

export type Row = (field: string, value: string, at?: Located<unknown>, fate?: Fate, noteText?: string) => void;
export type Extra = (key: EcaFileKey, element: ExtraElement) => void;

export function convertPolicies(
  app: ConnectedApp,
  row: Row,
  extra: Extra,
): Omit<AppSpec['policies'], 'permittedUsers' | 'permissionSets' | 'profiles' | 'runAsUser'> {
  const policy = app.oauthPolicy;
  const session = app.sessionPolicy;
  let ipRelaxation = convertIpRelaxation(policy?.ipRelaxation?.value ?? 'ENFORCE');
  if (policy?.ipRelaxation && !ipRelaxation) {
    row(
      'oauthPolicy.ipRelaxation',
      policy.ipRelaxation.value,
      policy.ipRelaxation,
      'not carried over',
      note('badIpRelaxation'),
    );
  } else if (policy?.ipRelaxation) row('oauthPolicy.ipRelaxation', ipRelaxation!, policy.ipRelaxation);
  else row('oauthPolicy.ipRelaxation', `Enforce (${note('unset', ['ENFORCE'])})`, undefined, 'copied');
  ipRelaxation ??= 'Enforce';

  let refresh = convertRefreshTokenPolicy(policy?.refreshTokenPolicy?.value ?? 'infinite');
  const shownRefresh = (r: NonNullable<typeof refresh>): string =>
    r.validity ? `${r.policy} ${r.validity.period} ${r.validity.unit}` : r.policy;
  if (policy?.refreshTokenPolicy && !refresh) {
    const at = policy.refreshTokenPolicy;
    row('oauthPolicy.refreshTokenPolicy', at.value, at, 'not carried over', note('badRefreshTokenPolicy'));
  } else if (policy?.refreshTokenPolicy)
    row('oauthPolicy.refreshTokenPolicy', shownRefresh(refresh!), policy.refreshTokenPolicy);
  else row('oauthPolicy.refreshTokenPolicy', `Infinite (${note('unset', ['infinite'])})`, undefined, 'copied');
  refresh ??= { policy: 'Infinite' };

  if (policy?.isTokenExchangeFlowEnabled) {
    row(
      'oauthPolicy.isTokenExchangeFlowEnabled',
      String(policy.isTokenExchangeFlowEnabled.value),
      policy.isTokenExchangeFlowEnabled,
    );
    extra('oauthPolicies', { name: 'isTokenExchangeFlowEnabled', value: policy.isTokenExchangeFlowEnabled.value });
  }
  if (policy?.singleLogoutUrl) {
    row('oauthPolicy.singleLogoutUrl', policy.singleLogoutUrl.value, policy.singleLogoutUrl);
    extra('oauthPolicies', { name: 'singleLogoutUrl', value: policy.singleLogoutUrl.value });
  }
  const timeout = session?.sessionTimeout?.value ?? 0;
  if (session?.sessionTimeout) row('sessionPolicy.sessionTimeout', String(timeout), session.sessionTimeout);
  // Unset, the app's sessions last as the user's profile or the org says: so the ECA's field stays unset too.
  else extra('oauthPolicies', { name: 'sessionTimeoutInMinutes' });
  const level = session?.sessionLevel ? convertSessionLevel(session.sessionLevel.value) : undefined;
  if (session?.sessionLevel) {
    if (level) row('sessionPolicy.sessionLevel', level, session.sessionLevel);
    else
      row(
        'sessionPolicy.sessionLevel',
        session.sessionLevel.value,
        session.sessionLevel,
        'not carried over',
        note('badSessionLevel'),
      );
  }
  const action = session?.policyAction?.value.trim();
  const policyAction = action === 'Block' || action === 'RaiseSessionLevel' ? action : undefined;
  if (session?.policyAction) {
    if (policyAction) row('sessionPolicy.policyAction', policyAction, session.policyAction);
    else
      row(
        'sessionPolicy.policyAction',
        session.policyAction.value,
        session.policyAction,
        'not carried over',
        note('badPolicyAction'),
      );
  }
  return {
    refreshTokenPolicy: refresh.policy,
    ...(refresh.validity ? { refreshTokenValidity: refresh.validity } : {}),
    ipRelaxation,
    sessionTimeoutMinutes: timeout,
    ...(level === 'HIGH_ASSURANCE' ? { sessionLevel: level } : {}),
    ...(policyAction ? { policyAction } : {}),
  };
}

export function convertTokenConfigs(oauth: NonNullable<ConnectedApp['oauthConfig']>, row: Row, extra: Extra): void {
  const id = oauth.idTokenConfig;
  if (id) {
    const children: Array<[string, string | number | boolean | undefined]> = [
      ['idTokenAudience', id.idTokenAudience?.value],
      ['idTokenIncludeAttributes', id.idTokenIncludeAttributes?.value],
      ['idTokenIncludeCustomPermissions', id.idTokenIncludeCustomPerms?.value],
      ['idTokenIncludeStandardClaims', id.idTokenIncludeStandardClaims?.value],
      ['idTokenValidityInMinutes', id.idTokenValidity?.value],
    ];
    row(
      'oauthConfig.idTokenConfig',
      children
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', '),
      { ...id, value: '', text: '' },
    );
    extra('globalOauthSettings', { name: 'idTokenConfig', children });
  }
  const asset = oauth.assetTokenConfig;
  if (asset) {
    for (const [caName, ecaName] of [
      ['assetAudiences', 'assetTokenAudiences'],
      ['assetIncludeAttributes', 'areAttributesIncludedInAssetToken'],
      ['assetIncludeCustomPerms', 'areCustomPermsIncludedInAssetToken'],
      ['assetValidityPeriod', 'assetTokenValidity'],
    ] as const) {
      const value = asset[caName];
      if (!value) continue;
      row(`oauthConfig.assetTokenConfig.${caName}`, String(value.value), value);
      extra('oauthSettings', { name: ecaName, value: value.value });
    }
    if (asset.assetSigningCertId) {
      row('oauthConfig.assetTokenConfig.assetSigningCertId', asset.assetSigningCertId.value, asset.assetSigningCertId);
    }
  }
}

/**
 * The flows an ECA's files say, as the parser derives them (src/metadata/parseValues.ts, §4): switches for client
 * credentials and token exchange, the certificate for JWT bearer; the web server flow has no switch and is on when
 * nothing else is, or when the app only makes sense with it.
 */
export function deriveFlows(input: {
  clientCredentials: boolean;
  tokenExchange: boolean;
  certificate?: string;
  scopes: readonly string[];
  publicClient: boolean;
  callbackUrls: readonly string[];
}): OAuthFlow[] {
  const flows: OAuthFlow[] = [];
  if (input.clientCredentials) flows.push('client-credentials');
  if (input.certificate) flows.push('jwt-bearer');
  if (input.tokenExchange) flows.push('token-exchange');
  const refreshWithoutIssuer =
    input.scopes.some((s) => s === 'RefreshToken' || s === 'OfflineAccess') && !flows.includes('token-exchange');
  const customScheme = input.callbackUrls.some((url) => checkCallbackUrl(url).kind === 'custom-scheme');
  if (flows.length === 0 || refreshWithoutIssuer || input.publicClient || customScheme) flows.push('web-server');
  return sortFlows(flows);
}
