/*
 * `--refresh-token-validity`: `30d`, `12h`, `3mo` (or `30 days`, `12 hours`, `3 months`) ->
 * refreshTokenValidityPeriod + refreshTokenValidityUnit (Hours | Days | Months).
 */
import { type RefreshTokenValidity, type RefreshTokenValidityUnit } from './appSpec.js';

const UNITS: ReadonlyArray<[RegExp, RefreshTokenValidityUnit]> = [
  [/^(h|hr|hrs|hour|hours)$/, 'Hours'],
  [/^(d|day|days)$/, 'Days'],
  [/^(mo|mon|month|months)$/, 'Months'],
];

/** Parse a validity; undefined when it is not a positive whole number followed by a known unit. */
export function parseRefreshTokenValidity(input: string): RefreshTokenValidity | undefined {
  const match = /^\s*(\d+)\s*([A-Za-z]+)\s*$/.exec(input);
  if (!match) return undefined;
  const period = Number(match[1]);
  if (!Number.isSafeInteger(period) || period < 1) return undefined;
  const unitText = match[2].toLowerCase();
  const unit = UNITS.find(([pattern]) => pattern.test(unitText))?.[1];
  return unit ? { period, unit } : undefined;
}

/** `{30, Days}` -> `30d`, the form the flag takes. */
export function formatRefreshTokenValidity(validity: RefreshTokenValidity): string {
  const suffix = validity.unit === 'Hours' ? 'h' : validity.unit === 'Days' ? 'd' : 'mo';
  return `${validity.period}${suffix}`;
}

/** Approximate length in days, to compare against the security guidance (idle <= 30 days, lifetime <= 90 days). */
export function validityInDays(validity: RefreshTokenValidity): number {
  if (validity.unit === 'Hours') return validity.period / 24;
  if (validity.unit === 'Days') return validity.period;
  return validity.period * 30;
}
