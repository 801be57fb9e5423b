/*
 * Every rule that can be judged from an AppSpec alone. `generate` runs them on the spec it built from flags;
 * `deploy` runs them on a spec parsed back from files a person may have edited. One list of findings, errors
 * first in the order the fields appear, each naming the flag (and the XML field) and the fix.
 */
import { inspectCertificate, MIN_RSA_BITS } from './certificate.js';
import { type AppSpec } from './appSpec.js';
import { asLevel, errorsFirst, type Finding, finding, type Tokens } from './findings.js';
import { API_NAME_MAX_LENGTH, apiNameProblem, deriveApiName } from './apiName.js';
import { CALLBACK_URLS_MAX_LENGTH, checkCallbackUrl, joinCallbackUrls, withoutFragment } from './callbacks.js';
import { isHttpsUrl, isValidEmail, isValidPhone } from './contacts.js';
import { canIssueRefreshTokens } from './flows.js';
import { checkPolicies } from './policyRules.js';
import { allScopeNames, closestMatch, SCOPES, scopeByToken } from './scopes.js';

export { type Finding, errorsOf, warningsOf } from './findings.js';

export type CheckOptions = {
  /** `--allow-full-scope`: the full scope becomes a warning instead of an error. */
  allowFullScope?: boolean;
  /** Judge certificate validity at this time (tests). */
  now?: Date;
  /**
   * `flags` (the default): what generate refuses. `files`: the spec was read from files, which the org may already
   * accept and hold (docs/salesforce-facts.md §8.14): what is insecure or unusual is a warning, and only what the org
   * would reject, or what cannot work, stays an error.
   */
  source?: 'flags' | 'files';
};

/** What generate refuses but real orgs accept and hold: warnings when the spec was read from files. */
export const ACCEPTED_IN_FILES: ReadonlySet<string> = new Set([
  'scopes.full',
  'callback.httpNotLoopback',
  'callback.wildcard',
  'callback.none',
  'publicClient.clientCredentials',
  'runAsUser.missing',
  'certificate.expired',
  'certificate.notYetValid',
  'refreshToken.validityUnexpected',
  'refreshToken.validityMissing',
  'sessionTimeout.invalid',
  'callback.fragment',
]);

const ECA = 'ExternalClientApplication';
const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const OAUTH = 'ExtlClntAppOauthSettings';

/** All findings for a spec: errors and warnings, errors first. */
export function checkAppSpec(spec: AppSpec, options: CheckOptions = {}): Finding[] {
  const found = [
    ...checkIdentity(spec),
    ...checkFlows(spec),
    ...checkCallbacks(spec),
    ...checkScopes(spec, options),
    ...checkCertificate(spec, options),
    ...checkPolicies(spec),
  ];
  if (options.source !== 'files') return errorsFirst(found);
  return errorsFirst(found.map((item) => (ACCEPTED_IN_FILES.has(item.code) ? asLevel(item, 'warning') : item)));
}

function checkIdentity(spec: AppSpec): Finding[] {
  const out: Finding[] = [];
  const problem = apiNameProblem(spec.apiName);
  if (problem) {
    const suggestion = deriveApiName(spec.apiName) || deriveApiName(spec.label) || 'My_Integration';
    const tokens = problem === 'length' ? [spec.apiName, spec.apiName.length, API_NAME_MAX_LENGTH] : [spec.apiName];
    out.push(finding('error', 'api-name', `${ECA} (file name)`, `apiName.${problem}`, tokens, [suggestion]));
  }
  if (spec.label.trim().length === 0) out.push(finding('error', 'name', `${ECA}.label`, 'label.empty'));
  if (spec.contactEmail.trim().length === 0) {
    out.push(finding('error', 'contact-email', `${ECA}.contactEmail`, 'contactEmail.missing'));
  } else if (!isValidEmail(spec.contactEmail)) {
    out.push(finding('error', 'contact-email', `${ECA}.contactEmail`, 'contactEmail.invalid', [spec.contactEmail]));
  }
  if (spec.contactPhone !== undefined && !isValidPhone(spec.contactPhone)) {
    out.push(finding('error', 'contact-phone', `${ECA}.contactPhone`, 'contactPhone.invalid', [spec.contactPhone]));
  }
  for (const [flag, element, value] of [
    ['logo-url', 'logoUrl', spec.logoUrl],
    ['icon-url', 'iconUrl', spec.iconUrl],
  ] as const) {
    if (value !== undefined && !isHttpsUrl(value)) {
      out.push(finding('error', flag, `${ECA}.${element}`, 'url.invalid', [value], [flag]));
    }
  }
  if (spec.distributionState === 'Packaged') {
    out.push(finding('warning', 'distribution-state', `${ECA}.distributionState`, 'distributionState.packaged'));
  }
  return out;
}

function checkFlows(spec: AppSpec): Finding[] {
  const out: Finding[] = [];
  const { flows, publicClient } = spec.oauth;
  if (flows.length === 0) out.push(finding('error', 'flow', GLOBAL, 'flows.none'));
  if (flows.includes('device')) out.push(finding('warning', 'flow', `${GLOBAL}.isDeviceFlowEnabled`, 'flows.device'));
  if (publicClient && flows.includes('client-credentials')) {
    out.push(finding('error', 'public-client', `${GLOBAL}.isConsumerSecretOptional`, 'publicClient.clientCredentials'));
  } else if (publicClient && !flows.includes('web-server')) {
    out.push(finding('warning', 'public-client', `${GLOBAL}.isConsumerSecretOptional`, 'publicClient.unused'));
  }
  return out;
}

function checkCallbacks(spec: AppSpec): Finding[] {
  const out: Finding[] = [];
  const xml = `${GLOBAL}.callbackUrl`;
  const urls = spec.oauth.callbackUrls;
  if (urls.length === 0) out.push(finding('error', 'callback-url', xml, 'callback.none'));
  const seen = new Set<string>();
  for (const url of urls) {
    const check = checkCallbackUrl(url);
    if (check.problem === 'fragment') {
      const fragment = url.slice(url.indexOf('#') + 1);
      out.push(finding('error', 'callback-url', xml, 'callback.fragment', [url, fragment], [withoutFragment(url)]));
    } else if (check.problem) out.push(finding('error', 'callback-url', xml, `callback.${check.problem}`, [url]));
    else if (check.kind === 'loopback-http')
      out.push(finding('warning', 'callback-url', xml, 'callback.loopbackHttp', [url]));
    else if (check.kind === 'custom-scheme' && !spec.oauth.flows.includes('web-server')) {
      out.push(finding('error', 'callback-url', xml, 'callback.customSchemeWithoutPkce', [url]));
    }
    if (seen.has(url)) out.push(finding('warning', 'callback-url', xml, 'callback.duplicate', [url]));
    seen.add(url);
  }
  const length = joinCallbackUrls(urls).length;
  if (length > CALLBACK_URLS_MAX_LENGTH) {
    out.push(finding('error', 'callback-url', xml, 'callback.tooLong', [length, CALLBACK_URLS_MAX_LENGTH]));
  }
  return out;
}

function checkScopes(spec: AppSpec, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  const xml = `${OAUTH}.commaSeparatedOauthScopes`;
  const { scopes, flows } = spec.oauth;
  if (scopes.length === 0) out.push(finding('error', 'scopes', xml, 'scopes.none'));
  for (const token of scopes) {
    if (scopeByToken(token)) continue;
    const suggestion = closestMatch(
      token,
      SCOPES.map((s) => s.token),
    );
    out.push(
      finding('error', 'scopes', xml, 'scopes.unknownToken', [token, suggestion ? ` Did you mean ${suggestion}?` : '']),
    );
  }
  if (scopes.includes('Full')) {
    out.push(
      options.allowFullScope || options.source === 'files'
        ? finding('warning', 'scopes', xml, 'scopes.fullAllowed')
        : finding('error', 'scopes', xml, 'scopes.full'),
    );
  }
  const asksRefresh = scopes.some((token) => scopeByToken(token)?.token === 'RefreshToken');
  if (asksRefresh && flows.length > 0 && !canIssueRefreshTokens(flows)) {
    out.push(finding('warning', 'scopes', xml, 'scopes.refreshTokenUnused', [flows.join(', ')]));
  }
  return out;
}

/** The message for a name users typed that is not a scope (used by the flag parser). */
export function unknownScopeFinding(input: string, suggestion: string | undefined): Finding {
  return finding('error', 'scopes', `${OAUTH}.commaSeparatedOauthScopes`, 'scopes.unknown', [
    input,
    suggestion ? ` Did you mean "${suggestion}"?` : '',
    allScopeNames().slice(0, SCOPES.length).join(', '),
  ]);
}

function checkCertificate(spec: AppSpec, options: CheckOptions): Finding[] {
  const xml = `${GLOBAL}.certificate`;
  const { certificate, flows } = spec.oauth;
  if (!certificate) {
    return flows.includes('jwt-bearer') ? [finding('error', 'certificate-file', xml, 'certificate.missing')] : [];
  }
  const out: Finding[] = [];
  if (!flows.includes('jwt-bearer')) out.push(finding('error', 'flow', xml, 'certificate.withoutJwt'));
  const { info, problem } = inspectCertificate(certificate, options.now);
  if (problem) {
    const tokens: Record<string, Tokens> = {
      notRsa: [info?.keyType ?? 'unknown'],
      weakKey: [info?.bits ?? 0, MIN_RSA_BITS],
      expired: [info?.notAfter.toISOString() ?? ''],
      notYetValid: [info?.notBefore.toISOString() ?? ''],
    };
    out.push(finding('error', 'certificate-file', xml, `certificate.${problem}`, tokens[problem] ?? []));
  }
  return out;
}
