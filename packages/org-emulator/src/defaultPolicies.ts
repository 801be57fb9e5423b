/*
 * The policies an org creates itself. When a deployment gives an app OAuth settings and the app has no OAuth policy
 * (or no app policy), the org creates `<App>_oauthPlcy` (and `<App>_plcy`) with Setup's defaults; a later policy of
 * another name for the same app is then refused as a duplicate (docs/salesforce-facts.md §2.18, §8.5). The values
 * are those of Setup-made policies: eca/justinsohn__gstdev/…/Postman_oauthPlcy.ecaOauthPlcy-meta.xml and
 * …/Postman_plcy.ecaPlcy-meta.xml.
 */
import { APP_POLICIES, OAUTH_POLICIES } from './metadataTypes.js';
import { type ExternalClientApp, type StoredComponent } from './state.js';

export function defaultOauthPolicy(appName: string): StoredComponent {
  const fullName = `${appName}_oauthPlcy`;
  return {
    fullName,
    fields: {
      externalClientApplication: appName,
      ipRelaxationPolicyType: 'Enforce',
      isClientCredentialsFlowEnabled: 'false',
      isGuestCodeCredFlowEnabled: 'false',
      isTokenExchangeFlowEnabled: 'false',
      label: fullName,
      permittedUsersPolicyType: 'AllSelfAuthorized',
      refreshTokenPolicyType: 'SpecificLifetime',
      refreshTokenValidityPeriod: '365',
      refreshTokenValidityUnit: 'Days',
      requiredSessionLevel: 'STANDARD',
    },
  };
}

export function defaultAppPolicy(appName: string): StoredComponent {
  const fullName = `${appName}_plcy`;
  return {
    fullName,
    fields: {
      externalClientApplication: appName,
      isEnabled: 'true',
      isOauthPluginEnabled: 'true',
      label: fullName,
      startPage: 'None',
    },
  };
}

/** Creates the policies an app given OAuth settings lacks. */
export function createMissingPolicies(app: ExternalClientApp): void {
  app.components[OAUTH_POLICIES] ??= defaultOauthPolicy(app.developerName);
  app.components[APP_POLICIES] ??= defaultAppPolicy(app.developerName);
}

/** The types an app holds one record of: a second one under another name is a duplicate. */
export const ONE_PER_APP = [OAUTH_POLICIES, APP_POLICIES];
