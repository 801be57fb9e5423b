/*
 * Starts the local org emulator by hand and authorizes the Salesforce CLI against it.
 *
 *   npm run emulator                                   # isolated config in a new temporary HOME
 *   npm run emulator -- --home ~/eca-emu-home          # isolated config in a chosen HOME
 *   npm run emulator -- --real-config                  # your own ~/.sf and ~/.sfdx (alias only, no default change)
 *   npm run emulator -- --port 6110 --alias my-emu --set-default --no-authorize
 *
 * It prints the URL, the alias, and the commands to use it; Ctrl-C stops it.
 */
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { authorizeEmulator, startEmulator, ADMIN_USERNAME, INTEGRATION_USERNAME } from '@plugin-eca/org-emulator';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    alias: { type: 'string', default: 'eca-emulator' },
    home: { type: 'string' },
    'real-config': { type: 'boolean', default: false },
    'set-default': { type: 'boolean', default: false },
    'no-authorize': { type: 'boolean', default: false },
    'propagation-delay': { type: 'string', default: '0' },
    'secrets-api': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  say(`Usage: npm run emulator -- [--port N] [--alias NAME] [--home DIR | --real-config] [--set-default]
                    [--no-authorize] [--propagation-delay SECONDS] [--secrets-api]`);
  process.exit(0);
}

const emulator = await startEmulator({ port: Number(values.port) });
emulator.faults.propagationDelayMs = Number(values['propagation-delay']) * 1000;
emulator.state.settings.enableClientSecretInRestApiAccess = values['secrets-api'];

say(`Org emulator listening on ${emulator.url}`);
say(`  org id ${emulator.state.orgId}; admin ${ADMIN_USERNAME}; run-as user ${INTEGRATION_USERNAME}`);

if (values['no-authorize']) {
  const token = emulator.openSession().token;
  say('\nAuthorize the CLI yourself (the token is an emulator session for the admin):');
  say(
    `  SF_ACCESS_TOKEN='${token}' sf org login access-token --instance-url ${emulator.url} --alias ${values.alias} --no-prompt`,
  );
} else {
  const home = values['real-config']
    ? homedir()
    : resolve(values.home ?? mkdtempSync(join(tmpdir(), 'eca-emulator-home-')));
  const result = await authorizeEmulator({
    home,
    instanceUrl: emulator.url,
    alias: values.alias,
    setDefault: values['set-default'],
  });
  say(
    `\nAuthorized ${result.username} as alias "${values.alias}" in ${values['real-config'] ? 'your own CLI config' : `HOME=${home}`}.`,
  );
  const prefix = values['real-config'] ? '' : `HOME=${home} SF_USE_GENERIC_UNIX_KEYCHAIN=true `;
  say('Try:');
  say(`  ${prefix}sf org display --target-org ${values.alias}`);
  // The eca commands work on the app files of a DX project: the hint starts in one, not in this repository.
  const plugin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
  say('Then, inside a Salesforce DX project (the folder holding sfdx-project.json; deploy and verify need one):');
  say(`  ${prefix}sf project generate --name eca-demo && cd eca-demo`);
  say(
    `  ${prefix}${plugin} eca generate --name "Demo Sync" --contact-email you@example.com --flow client-credentials --run-as-user ${INTEGRATION_USERNAME} --callback-url https://localhost/callback`,
  );
  say(`  ${prefix}${plugin} eca deploy --target-org ${values.alias}`);
}
say(`\nThe consumer secret of a deployed app, as Setup shows it (no restart needed; replace <ApiName>):`);
say(`  curl -s ${emulator.url}/_emulator/apps/<ApiName>/credentials`);
say('and verify with it:');
say(
  `  SF_ECA_CLIENT_SECRET="$(curl -s ${emulator.url}/_emulator/apps/<ApiName>/credentials | jq -r .consumerSecret)" ./bin/run.js eca verify --name <ApiName> --target-org ${values.alias}`,
);
say(
  values['secrets-api']
    ? "The org's credentials REST API is open (--secrets-api): verify reads the secret itself."
    : "(--secrets-api opens the org's credentials REST API so verify reads the secret itself; it takes effect only when the emulator starts, and a restart loses every deployed app.)",
);
say('\nCtrl-C stops the emulator.');

const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
