/*
 * The org's rules for External Client App components (reference: ECA-FACTS.md), applied after schema
 * validation. Each broken rule is one problem pointing at the offending element.
 */
import { parseCertificate } from './certificate.js';
import { type Faults } from './faults.js';
import {
  APP_POLICIES,
  CONNECTED_APP,
  ECA,
  GLOBAL_OAUTH,
  OAUTH_POLICIES,
  OAUTH_SETTINGS,
  type OrgMetadataType,
} from './metadataTypes.js';
import { VALID_SCOPE_TOKENS, splitScopes } from './orgScopes.js';
import { ONE_PER_APP } from './defaultPolicies.js';
import { type OrgState, findApp, findUser } from './state.js';
import { type Position, locateElement, locateRoot } from './xmlLocate.js';

export type DeployedComponent = {
  type: OrgMetadataType;
  fullName: string;
  fileName: string;
  xml: string;
  fields: Record<string, unknown>;
};

export type Problem = { problem: string; problemType: 'Error' | 'Warning'; position: Position };

export type RuleContext = { state: OrgState; components: DeployedComponent[]; faults: Faults };

export const text = (fields: Record<string, unknown> | undefined, name: string): string | undefined => {
  const value = fields?.[name];
  return typeof value === 'string' ? value : undefined;
};
export const flag = (fields: Record<string, unknown> | undefined, name: string): boolean =>
  text(fields, name) === 'true';

/** The app a component belongs to: its own name for the app, `externalClientApplication` for a satellite. */
export const appNameOf = (c: DeployedComponent): string | undefined =>
  c.type.name === ECA ? c.fullName : text(c.fields, 'externalClientApplication');

/** The fields of an app's component of a type: from this deployment if present, else from the org. */
export function effectiveFields(
  ctx: RuleContext,
  appName: string,
  typeName: string,
): Record<string, unknown> | undefined {
  const deployed = ctx.components.find((c) => c.type.name === typeName && appNameOf(c) === appName);
  return deployed?.fields ?? findApp(ctx.state, appName)?.components[typeName]?.fields;
}

const error = (c: DeployedComponent, problem: string, element?: string): Problem => ({
  problem,
  problemType: 'Error',
  position: element ? locateElement(c.xml, element) : locateRoot(c.xml),
});

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const WILDCARD_PORT = /:\*(?=[/?#]|$)/;

function checkOrgSpecific(c: DeployedComponent, ctx: RuleContext, element: string, what: string): Problem[] {
  const value = text(c.fields, element);
  if (value === undefined) return [];
  const orgId = value.split(':')[0] ?? '';
  if (orgId.length >= 15 && ctx.state.orgId.startsWith(orgId.slice(0, 15))) return [];
  return [
    error(
      c,
      `The ${element} value ${value} refers to ${what} of another organization (${orgId}); remove ${element} before deploying to this org.`,
      element,
    ),
  ];
}

function checkCrossReference(c: DeployedComponent, ctx: RuleContext): Problem[] {
  const appName = appNameOf(c);
  if (!appName) return [];
  const inDeployment = ctx.components.some((other) => other.type.name === ECA && other.fullName === appName);
  const inOrg = findApp(ctx.state, appName) !== undefined;
  const refused = (!inDeployment && !inOrg) || (inDeployment && !inOrg && ctx.faults.crossReferenceOnNewApp);
  const problem = `In field: externalClientApplication - no ExternalClientApplication named ${appName} found`;
  const code = ctx.faults.crossReferenceWording === 'field' ? '' : 'INVALID_CROSS_REFERENCE_KEY: ';
  return refused ? [error(c, `${code}${problem}`, 'externalClientApplication')] : [];
}

function checkScopes(c: DeployedComponent): Problem[] {
  const value = text(c.fields, 'commaSeparatedOauthScopes');
  if (value === undefined) return [];
  const valid: readonly string[] = VALID_SCOPE_TOKENS;
  const unknown = splitScopes(value).filter((token) => !valid.includes(token));
  return unknown.map((token) =>
    error(
      c,
      `Invalid OAuth scope: ${token}. Valid values are: ${VALID_SCOPE_TOKENS.join(', ')}`,
      'commaSeparatedOauthScopes',
    ),
  );
}

function checkCallbacks(c: DeployedComponent): Problem[] {
  const value = text(c.fields, 'callbackUrl');
  if (value === undefined) return [];
  const problems: Problem[] = [];
  if (value.length > 2000)
    problems.push(error(c, 'Callback URL: data value too large (max length=2000)', 'callbackUrl'));
  for (const raw of value
    .split(/\r?\n/)
    .map((u) => u.trim())
    .filter((u) => u.length > 0)) {
    let url: URL;
    try {
      // A wildcard port (`http://localhost:*/callback`) is what real orgs hold (docs/salesforce-facts.md §8.14).
      url = new URL(raw.replace(WILDCARD_PORT, ':0'));
    } catch {
      problems.push(error(c, `Invalid callback URL: ${raw}`, 'callbackUrl'));
      continue;
    }
    if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
      problems.push(error(c, `Callback URL ${raw} must use HTTPS. HTTP is allowed only for localhost.`, 'callbackUrl'));
    }
  }
  return problems;
}

function checkCertificate(c: DeployedComponent): Problem[] {
  const value = text(c.fields, 'certificate');
  if (value === undefined) return [];
  const certificate = parseCertificate(value);
  if (!certificate) return [error(c, 'Invalid certificate: it is not a PEM-encoded X.509 certificate.', 'certificate')];
  if (certificate.publicKey.asymmetricKeyType !== 'rsa')
    return [error(c, 'The certificate must use an RSA key.', 'certificate')];
  return [];
}

function checkGlobal(c: DeployedComponent, ctx: RuleContext): Problem[] {
  const appName = appNameOf(c) ?? '';
  const problems = [...checkCallbacks(c), ...checkCertificate(c)];
  if (!effectiveFields(ctx, appName, OAUTH_SETTINGS)) {
    problems.push(error(c, `The external client app ${appName} doesn't have a valid OAuth settings configuration.`));
  }
  // Global isClientCredentialsFlowEnabled true with a policy that has it off and no run-as user is held by real orgs
  // (docs/salesforce-facts.md §8.14, eca/bgaldino__rlm-base-dev/…/ClaudeMcpClientRC_glbloauth.ecaGlblOauth): only the
  // policy's own switch needs a user (checkOauthPolicies).
  const app = findApp(ctx.state, appName);
  for (const element of ['shouldRotateConsumerKey', 'shouldRotateConsumerSecret']) {
    if (app && flag(c.fields, element)) {
      problems.push({
        problem: `${element} rotates the app's credentials: existing clients stop working. Deploy with ignoreWarnings to proceed.`,
        problemType: 'Warning',
        position: locateElement(c.xml, element),
      });
    }
  }
  return problems;
}

function checkOauthPolicies(c: DeployedComponent, ctx: RuleContext): Problem[] {
  // isNamedUserJwtEnabled here is a schema matter: accepted at API 61–63 only (apiVersions.ts).
  const problems: Problem[] = [];
  const runAs = text(c.fields, 'clientCredentialsFlowUser');
  if (runAs !== undefined && !findUser(ctx.state, runAs)) {
    problems.push(
      error(
        c,
        `The user ${runAs} specified in clientCredentialsFlowUser doesn't exist in this org. Use the username of an existing user.`,
        'clientCredentialsFlowUser',
      ),
    );
  }
  if (flag(c.fields, 'isClientCredentialsFlowEnabled') && runAs === undefined) {
    problems.push(
      error(
        c,
        'The client credentials flow is enabled, but no user is selected to run as (clientCredentialsFlowUser).',
        'isClientCredentialsFlowEnabled',
      ),
    );
  }
  for (const [element, exists] of [
    ['commaSeparatedPermissionSet', (n: string) => ctx.state.permissionSets.some((p) => p.name === n && !p.profileId)],
    ['commaSeparatedProfile', (n: string) => ctx.state.profiles.some((p) => p.name === n)],
  ] as const) {
    for (const name of (text(c.fields, element) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (!exists(name))
        problems.push(
          error(
            c,
            `In field: ${element} - no ${element === 'commaSeparatedProfile' ? 'Profile' : 'PermissionSet'} named ${name} found`,
            element,
          ),
        );
    }
  }
  return problems;
}

/**
 * An app holds one policy record of each type; one under another name (the org-created `<App>_oauthPlcy`, say) is a
 * duplicate (docs/salesforce-facts.md §8.5). Redeploying the stored name updates it.
 */
function checkOnePerApp(c: DeployedComponent, ctx: RuleContext): Problem[] {
  if (!ONE_PER_APP.includes(c.type.name)) return [];
  const existing = findApp(ctx.state, appNameOf(c) ?? '')?.components[c.type.name];
  const sameDeployment = ctx.components.find(
    (other) => other !== c && other.type.name === c.type.name && appNameOf(other) === appNameOf(c),
  );
  const holder = existing && existing.fullName !== c.fullName ? existing.fullName : sameDeployment?.fullName;
  return holder !== undefined && holder !== c.fullName
    ? [error(c, `duplicate value found: ExternalClientApplicationId duplicates value on ${holder}`)]
    : [];
}

/** Every problem the org finds in one schema-valid component. */
export function checkComponent(c: DeployedComponent, ctx: RuleContext): Problem[] {
  switch (c.type.name) {
    case CONNECTED_APP:
      return [error(c, "You can't create a connected app. Create an external client app instead.")];
    case ECA:
      return checkOrgSpecific(c, ctx, 'orgScopedExternalApp', 'an app');
    case OAUTH_SETTINGS:
      return [
        ...checkCrossReference(c, ctx),
        ...checkScopes(c),
        ...checkOrgSpecific(c, ctx, 'oauthLink', 'a consumer'),
      ];
    case GLOBAL_OAUTH:
      return [...checkCrossReference(c, ctx), ...checkGlobal(c, ctx)];
    case OAUTH_POLICIES:
      return [...checkCrossReference(c, ctx), ...checkOnePerApp(c, ctx), ...checkOauthPolicies(c, ctx)];
    case APP_POLICIES:
      return [...checkCrossReference(c, ctx), ...checkOnePerApp(c, ctx)];
    default:
      return checkCrossReference(c, ctx);
  }
}
