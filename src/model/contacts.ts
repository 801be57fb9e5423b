/* Contact details of the app owner (ExternalClientApplication.contactEmail / contactPhone / logoUrl / iconUrl). */

/** A practical email check: one `@`, no spaces, a dotted domain; at most 80 characters (Salesforce Email fields). */
export function isValidEmail(value: string): boolean {
  if (value.length > 80) return false;
  return /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
    value,
  );
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
