/*
 * The app's API name (DeveloperName): the .eca-meta.xml file name and the `externalClientApplication` of every
 * satellite. Salesforce developer-name rules: letters, digits and underscores only, starts with a letter, no two
 * consecutive underscores, no trailing underscore.
 */

/**
 * Length limit of an External Client App's API name. Salesforce Help ("Create an External Client App") documents the
 * character rules above but no length; 40 is the limit Setup applies to developer names of this kind (Connected
 * App API names included). Not confirmed for ECAs: if the org allows more, only this constant changes.
 */
export const API_NAME_MAX_LENGTH = 40;

export type ApiNameProblem = 'empty' | 'characters' | 'start' | 'doubleUnderscore' | 'trailingUnderscore' | 'length';

/** What is wrong with an API name, or undefined when it is valid. */
export function apiNameProblem(name: string): ApiNameProblem | undefined {
  if (name.length === 0) return 'empty';
  if (!/^[A-Za-z0-9_]+$/.test(name)) return 'characters';
  if (!/^[A-Za-z]/.test(name)) return 'start';
  if (name.includes('__')) return 'doubleUnderscore';
  if (name.endsWith('_')) return 'trailingUnderscore';
  if (name.length > API_NAME_MAX_LENGTH) return 'length';
  return undefined;
}

/**
 * The API name Setup would propose for a label: accents dropped, every run of other characters turned into
 * one underscore, a leading `X` when it would not start with a letter, trimmed to the length limit.
 * Returns '' when the label holds no letter or digit at all.
 */
export function deriveApiName(label: string): string {
  const ascii = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let name = ascii
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+/, '')
    .replace(/_+$/, '');
  if (name.length === 0) return '';
  if (!/^[A-Za-z]/.test(name)) name = `X${name}`;
  name = name.slice(0, API_NAME_MAX_LENGTH).replace(/_+$/, '');
  return name;
}
