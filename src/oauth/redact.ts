/*
 * Secrets (consumer secret, access and refresh tokens, authorization codes, PKCE verifiers, JWT assertions,
 * private keys) must never reach a log, the terminal or --json. Everything that may print a URL, a form body,
 * a response body or an error text from the wire passes it through redact() first.
 */

const MASK = '[REDACTED]';

/** Form / query parameters and JSON properties whose values are secret. */
const SECRET_KEYS = [
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'code',
  'code_verifier',
  'assertion',
  'token',
  'secret',
  'password',
  'signature',
];

const keyAlternation = SECRET_KEYS.join('|');
/** `key=value` in a query string or form body (stops at & or whitespace). */
const FORM_PAIR = new RegExp(`((?:^|[?&\\s])(?:${keyAlternation})=)[^&\\s]*`, 'gi');
/** `"key": "value"` in JSON. */
const JSON_PAIR = new RegExp(`("(?:${keyAlternation})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** `Authorization: Bearer <token>` and bare `Bearer <token>`. */
const BEARER = /(\bBearer\s+)[^\s"',]+/gi;
/** A Salesforce session id / access token: `00D<org id>!<opaque>`. */
const SESSION_ID = /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g;
/** A PEM private key block of any kind. */
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/**
 * Mask secrets in a text: every value in `secrets` (exact matches), the values of secret-looking form, query and
 * JSON parameters, bearer tokens, Salesforce session ids and PEM private keys.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask unrelated text; secrets that short are not worth hiding from the caller either.
    if (secret && secret.length >= 4) out = out.split(secret).join(MASK);
  }
  return out
    .replace(PRIVATE_KEY, MASK)
    .replace(JSON_PAIR, `$1"${MASK}"`)
    .replace(FORM_PAIR, `$1${MASK}`)
    .replace(BEARER, `$1${MASK}`)
    .replace(SESSION_ID, MASK);
}
