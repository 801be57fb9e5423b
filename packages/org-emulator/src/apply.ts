/*
 * Applies deployed components to the org: creates an app on its first deploy (record id 0xI…, consumer
 * id 888…, a generated consumer key and secret) and keeps the credentials on every later deploy. A component
 * replaces the stored one whole, so a field a redeploy leaves out goes back to its default (docs/salesforce-facts.md
 * §8.17). An app given OAuth settings without policies gets the org-created ones (defaultPolicies.ts).
 */
import { ECA, OAUTH_SETTINGS } from './metadataTypes.js';
import { createMissingPolicies } from './defaultPolicies.js';
import { type DeployedComponent, appNameOf, text } from './rules.js';
import { type ExternalClientApp, type OrgState, findApp } from './state.js';
import { newConsumerKey, newConsumerSecret } from './ids.js';

export function createApp(state: OrgState, developerName: string, label: string): ExternalClientApp {
  const now = new Date();
  const app: ExternalClientApp = {
    id: state.ids.next('0xI'),
    developerName,
    label,
    components: {},
    consumerId: state.ids.next('888'),
    consumerKey: newConsumerKey(),
    consumerSecret: newConsumerSecret(),
    createdAt: now,
    deployedAt: now,
  };
  state.apps.push(app);
  return app;
}

export function applyChanges(
  state: OrgState,
  changes: DeployedComponent[],
  rotations: Array<{ appName: string; key: boolean; secret: boolean }>,
): void {
  const ordered = [...changes.filter((c) => c.type.name === ECA), ...changes.filter((c) => c.type.name !== ECA)];
  for (const c of ordered) {
    const appName = appNameOf(c);
    if (!appName) continue;
    let app = findApp(state, appName);
    if (!app && c.type.name === ECA) app = createApp(state, appName, text(c.fields, 'label') ?? appName);
    if (!app) continue;
    if (c.type.name === ECA) app.label = text(c.fields, 'label') ?? app.label;
    app.components[c.type.name] = { fullName: c.fullName, fields: c.fields };
    app.deployedAt = new Date();
  }
  for (const c of changes.filter((x) => x.type.name === OAUTH_SETTINGS)) {
    const app = findApp(state, appNameOf(c) ?? '');
    if (app) createMissingPolicies(app);
  }
  for (const rotation of rotations) {
    const app = findApp(state, rotation.appName);
    if (app && rotation.key) app.consumerKey = newConsumerKey();
    if (app && rotation.secret) app.consumerSecret = newConsumerSecret();
  }
}
