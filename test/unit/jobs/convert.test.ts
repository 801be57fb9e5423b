/*
 * The convert job on its own: Ctrl-C between apps (what is written stays whole, exit 130), a consumer secret in a
 * Connected App file (never in the result), files given instead of the project (as a retrieve gives them).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { convertApps } from '../../../src/jobs/convert.js';
import { expectRejection } from '../../helpers/expectError.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const SECRET = 'C0nsumerSecretOfTheLegacyApp1234567890ABCDEF';
const app = (label: string): string =>
  `<ConnectedApp xmlns="${NS}"><contactEmail>ops@example.com</contactEmail><label>${label}</label>` +
  `<oauthConfig><callbackUrl>https://app.example.com/cb</callbackUrl><consumerSecret>${SECRET}</consumerSecret>` +
  `<scopes>Api</scopes></oauthConfig></ConnectedApp>`;

describe('convertApps (job)', () => {
  let project: string;
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'wt-convert-job-'));
    writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
    mkdirSync(join(project, 'force-app/main/default/connectedApps'), { recursive: true });
    for (const name of ['Alpha', 'Beta'])
      writeFileSync(join(project, `force-app/main/default/connectedApps/${name}.connectedApp-meta.xml`), app(name));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('stops on Ctrl-C before writing the next app, with exit code 130', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await expectRejection<Error & { exitCode?: number }>(
      convertApps({ cwd: project, all: true, signal: controller.signal }),
      /Stopped \(Ctrl-C\) before all apps were converted. Written, each with all its files: none/,
    );
    expect(error.exitCode).to.equal(130);
    expect(existsSync(join(project, 'force-app/main/default/externalClientApps'))).to.equal(false);
  });

  it('never carries a consumer secret over, nor shows it', async () => {
    const outcome = await convertApps({ cwd: project, names: ['alpha'] });
    expect(outcome.apps).to.have.length(1);
    const row = outcome.apps[0].rows.find((r) => r.field === 'oauthConfig.consumerSecret');
    expect(row).to.deep.include({ value: '(hidden)', fate: 'not carried over' });
    expect(JSON.stringify(outcome)).to.not.include(SECRET);
  });

  it('converts files given as a retrieve gives them (connectedApps/X.connectedApp)', async () => {
    const outcome = await convertApps({
      cwd: project,
      names: ['Gamma'],
      dryRun: true,
      files: [{ path: 'connectedApps/Gamma.connectedApp', xml: app('Gamma') }],
    });
    expect(outcome.apps.map((a) => [a.name, a.status])).to.deep.equal([['Gamma', 'converted']]);
    expect(outcome.apps[0].files[0].path).to.equal(
      join(project, 'force-app/main/default/externalClientApps/Gamma.eca-meta.xml'),
    );
  });
});
