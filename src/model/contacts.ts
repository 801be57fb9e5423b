/* Contact details of the app owner (ExternalClientApplication.contactEmail / contactPhone / logoUrl / iconUrl). */

/** A practical email check: one `@`, no spaces, a dotted domain; at most 80 characters (Salesforce Email fields). */
export function isValidEmail(value: string): boolean {
  if (value.length > 80) return false;
  return /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
    value,
  );
}

/**
 * A Salesforce username (docs/salesforce-facts.md §8.15): shaped like an email, at most 80 characters, but the part
 * after `@` need not be a domain anyone owns: sandbox copies append suffixes with digits, underscores and hyphens
 * (`user@example.com2025_04_21_12-23-0.demo`), and the part before it may carry a `+` tag. So: one `@`, no spaces or
 * characters no address may hold, a dotted part after the `@` made of letters, digits, `_` and `-`.
 */
export function isValidUsername(value: string): boolean {
  if (value.length > 80) return false;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!/^[^\s@"(),:;<>[\\\]]+$/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(label));
}

/** Phone numbers: digits, spaces and `+ - ( ) . /`, with at least one digit; at most 40 characters (Salesforce Phone fields). */
export function isValidPhone(value: string): boolean {
  return value.length <= 40 && /^[0-9+\-(). /x]+$/i.test(value) && /\d/.test(value);
}

/** Logo and icon URLs must be absolute https URLs (Setup shows them to users during authorization). */
export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}
