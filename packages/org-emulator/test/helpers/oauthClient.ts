/*
 * Test-side calls to the emulator's OAuth endpoints.
 */
import { createHash, randomBytes } from 'node:crypto';

export type TokenAnswer = { status: number; body: Record<string, string> };

export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<TokenAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, string>) : {} };
}

export const requestToken = (base: string, form: Record<string, string>): Promise<TokenAnswer> =>
  postForm(`${base}/services/oauth2/token`, form);

/** The `{ error, error_description }` of an answer, for table assertions. */
export const errorOf = (answer: TokenAnswer): [string, string] => [answer.body.error, answer.body.error_description];

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const restStatus = async (base: string, token: string): Promise<number> =>
  (await fetch(`${base}/services/data/v66.0/`, { headers: { Authorization: `Bearer ${token}` } })).status;
