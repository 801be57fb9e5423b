/*
 * What the token endpoint's `{"error","error_description"}` answers mean, and whether waiting can help:
 * the table of docs/salesforce-facts.md §4, one row per known answer. Salesforce varies the wording between releases and
 * flows, so descriptions match case-insensitively by substring. Every text shown to people is in
 * messages/oauth.md under `token.<code>.meaning` and `token.<code>.actions`.
 */
import { SfError } from '@salesforce/core';
import { Messages } from '../messages.js';
import { oneLine } from '../model/networkText.js';
import { redact } from './redact.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

/**
 * 'propagation': can mean "the new app is not there yet": retry for the whole --wait.
 * 'brief': usually a configuration error, but also seen for a minute after a change: retry for a short window.
 * 'unavailable': the org failed to answer (5xx, 429, an error page, a dropped connection): retry for the whole --wait,
 *   then report the org as unavailable (exit 70), never as "not propagated".
 * false: a configuration error: fail at once.
 */
export type Retryable = 'propagation' | 'brief' | 'unavailable' | false;

export type TokenErrorCode =
  | 'clientIdInvalid'
  | 'appNotInstalled'
  | 'clientCredentialsInvalid'
  | 'grantTypeUnsupported'
  | 'wrongDomain'
  | 'noRunAsUser'
  | 'notAdminApproved'
  | 'userNotApproved'
  | 'audienceInvalid'
  | 'codeVerifierInvalid'
  | 'redirectUriMismatch'
  | 'authenticationFailure'
  | 'jwtAssertionInvalid'
  | 'jwtFormatRequired'
  | 'dpopRequired'
  | 'serverError'
  | 'unknown';

export type TokenErrorDiagnosis = {
  code: TokenErrorCode;
  meaning: string;
  retryable: Retryable;
  actions: string[];
};

type Row = {
  code: TokenErrorCode;
  /** OAuth `error` values this row applies to (lower case); empty: any. */
  errors: string[];
  /** Substrings of `error_description` (lower case); empty: the error value alone decides. */
  descriptions: string[];
  retryable: Retryable;
};

/** Most specific first: rows with descriptions before the rows that match on the error value alone. */
const ROWS: readonly Row[] = [
  { code: 'wrongDomain', errors: ['invalid_grant'], descriptions: ['not supported on this domain'], retryable: false },
  { code: 'noRunAsUser', errors: ['invalid_grant'], descriptions: ['no client credentials user'], retryable: false },
  {
    code: 'notAdminApproved',
    errors: ['invalid_app_access', 'invalid_grant'],
    descriptions: ['not admin approved', 'not admin-approved'],
    retryable: false,
  },
  {
    code: 'userNotApproved',
    errors: ['invalid_grant'],
    descriptions: ["hasn't approved this consumer", 'has not approved this consumer', 'not approved this consumer'],
    retryable: false,
  },
  {
    code: 'audienceInvalid',
    errors: ['invalid_grant'],
    descriptions: ['audience is invalid', 'invalid audience'],
    retryable: false,
  },
  {
    code: 'codeVerifierInvalid',
    errors: ['invalid_grant'],
    descriptions: ['code verifier', 'code_verifier'],
    retryable: false,
  },
  {
    code: 'redirectUriMismatch',
    errors: ['invalid_grant', 'redirect_uri_mismatch'],
    descriptions: ['redirect_uri', 'redirect uri'],
    retryable: false,
  },
  {
    code: 'authenticationFailure',
    errors: ['invalid_grant'],
    descriptions: ['authentication failure'],
    retryable: false,
  },
  {
    code: 'jwtAssertionInvalid',
    errors: ['invalid_grant'],
    descriptions: ['invalid assertion', 'invalid_jwt', 'jwt signature', 'invalid signature'],
    retryable: false,
  },
  { code: 'jwtFormatRequired', errors: [], descriptions: ['invalid_jwt_format', 'jwt format'], retryable: false },
  { code: 'dpopRequired', errors: [], descriptions: ['dpop'], retryable: false },
  {
    code: 'appNotInstalled',
    errors: ['invalid_client', 'invalid_client_id', 'invalid_app_access', 'app_not_found', 'oauth_ec_app_not_found'],
    descriptions: ['must be installed', 'not installed', 'app_not_found', 'oauth_ec_app_not_found', 'app not found'],
    retryable: 'propagation',
  },
  {
    code: 'clientIdInvalid',
    errors: ['invalid_client_id', 'invalid_client'],
    descriptions: ['client identifier invalid'],
    retryable: 'propagation',
  },
  {
    code: 'clientCredentialsInvalid',
    errors: ['invalid_client'],
    descriptions: ['invalid client credentials'],
    retryable: 'brief',
  },
  // The error value alone.
  {
    code: 'appNotInstalled',
    errors: ['app_not_found', 'oauth_ec_app_not_found'],
    descriptions: [],
    retryable: 'propagation',
  },
  { code: 'jwtFormatRequired', errors: ['invalid_jwt_format'], descriptions: [], retryable: false },
  {
    code: 'dpopRequired',
    errors: ['invalid_dpop_proof', 'use_dpop_nonce', 'invalid_token_type'],
    descriptions: [],
    retryable: false,
  },
  { code: 'clientIdInvalid', errors: ['invalid_client_id'], descriptions: [], retryable: 'propagation' },
  { code: 'clientCredentialsInvalid', errors: ['invalid_client'], descriptions: [], retryable: 'brief' },
  { code: 'grantTypeUnsupported', errors: ['unsupported_grant_type'], descriptions: [], retryable: 'brief' },
  { code: 'redirectUriMismatch', errors: ['redirect_uri_mismatch'], descriptions: [], retryable: false },
  { code: 'notAdminApproved', errors: ['invalid_app_access'], descriptions: [], retryable: false },
];

function matches(row: Row, error: string, description: string): boolean {
  if (row.errors.length > 0 && !row.errors.includes(error)) return false;
  if (row.descriptions.length === 0) return true;
  // Rows open to any error value also read the value itself (`INVALID_JWT_FORMAT` may come as the error).
  const text = row.errors.length === 0 ? `${error} ${description}` : description;
  return row.descriptions.some((d) => text.includes(d));
}

function diagnosisOf(code: TokenErrorCode, retryable: Retryable, tokens: string[]): TokenErrorDiagnosis {
  return {
    code,
    retryable,
    meaning: messages.getMessage(`token.${code}.meaning`, tokens),
    actions: messages.getMessages(`token.${code}.actions`),
  };
}

/** Map a token endpoint answer to its meaning, whether waiting can help, and what to do. */
export function diagnoseTokenError(answer: {
  error: string;
  errorDescription?: string;
  status?: number;
}): TokenErrorDiagnosis {
  const error = answer.error.trim().toLowerCase();
  const description = (answer.errorDescription ?? '').toLowerCase();
  const row = ROWS.find((r) => matches(r, error, description));
  if (row) return diagnosisOf(row.code, row.retryable, []);
  if (answer.status !== undefined && (answer.status >= 500 || answer.status === 429)) {
    return diagnosisOf('serverError', 'unavailable', [String(answer.status)]);
  }
  return diagnosisOf('unknown', false, [answer.error]);
}

/**
 * The token endpoint said no. `error`, `errorDescription` and `status` are what came over the wire (the
 * description redacted); `diagnosis` is the table's reading of it. The message and actions are ready to show.
 */
export class TokenEndpointError extends SfError {
  public readonly error: string;
  public readonly errorDescription: string;
  public readonly status: number;
  public readonly diagnosis: TokenErrorDiagnosis;

  public constructor(answer: { error: string; errorDescription?: string; status: number }) {
    // Text from the network is data: no control characters, one line.
    const errorDescription = oneLine(redact(answer.errorDescription ?? ''));
    const error = oneLine(answer.error, 100);
    const diagnosis = diagnoseTokenError({ ...answer, error, errorDescription });
    const shown = errorDescription ? `${error}: ${errorDescription}` : error;
    super(
      messages.getMessage('error.TokenEndpoint', [String(answer.status), shown, diagnosis.meaning]),
      'TokenEndpointError',
      diagnosis.actions,
    );
    this.error = error;
    this.errorDescription = errorDescription;
    this.status = answer.status;
    this.diagnosis = diagnosis;
  }
}

/** The token endpoint could not be reached, or did not answer in time. Worth retrying. */
export class TokenNetworkError extends SfError {
  public readonly url: string;

  public constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? describeNetworkCause(cause) : String(cause);
    super(
      messages.getMessage('error.TokenNetwork', [url, oneLine(redact(reason))]),
      'TokenNetworkError',
      messages.getMessages('error.TokenNetwork.actions'),
      cause instanceof Error ? cause : undefined,
    );
    this.url = url;
  }
}

/** fetch() wraps the socket error in `cause`: show the innermost useful text (ECONNREFUSED, ENOTFOUND, timeout). */
export function describeNetworkCause(error: Error): string {
  const inner = (error as Error & { cause?: unknown }).cause;
  if (inner instanceof Error) {
    const code = (inner as Error & { code?: string }).code;
    return code ? `${code} ${inner.message}` : inner.message;
  }
  return error.message;
}
