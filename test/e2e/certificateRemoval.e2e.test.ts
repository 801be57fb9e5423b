/*
 * A redeploy that would clear the org's certificate, end to end: generate --generate-certificate -> deploy (JWT
 * bearer) -> take <certificate> out of the Global OAuth settings file -> `sf eca deploy` reads the org's copy
 * (readMetadata) and refuses before any deploy request; with --allow-certificate-removal it deploys, and the org's app
 * has no certificate left for the JWT bearer flow.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { findApp } from '@plugin-eca/org-emulator';
import { parseJson } from '@plugin-eca/dev-kit/runCli';
import { ALIAS, APP, JWT_BEARER_APP, type World, cli, deployedWorld, endWorld, explain } from './verifySetup.js';

const GLOBAL = 'ExtlClntAppGlobalOauthSettings';

describe('e2e: eca deploy refuses to clear the org certificate unless --allow-certificate-removal', function () {
  this.timeout(30_000);
  let w: World;
  let globalFile: string;
  const storedCertificate = (): unknown => findApp(w.emulator.state, APP)?.components[GLOBAL]?.fields.certificate;
  /** Metadata API calls: SOAP posts (readMetadata, deploy, checkDeployStatus) and REST deploy requests. */
  const metadataCalls = (): number =>
    w.emulator.countRequests('POST', /\/services\/Soap\/m\/|\/metadata\/deployRequest/);

  before(async function () {
    w = await deployedWorld(this, JWT_BEARER_APP);
    const folder = join(w.projectDir, 'force-app/main/default/extlClntAppGlobalOauthSets');
    globalFile = join(
      folder,
      readdirSync(folder).find((f) => f.endsWith('-meta.xml'))!,
    );
    const xml = readFileSync(globalFile, 'utf8');
    expect(xml).to.include('<certificate>');
    writeFileSync(globalFile, xml.replace(/[ \t]*<certificate>[\s\S]*?<\/certificate>[ \t]*\r?\n?/, ''));
  });
  after(() => endWorld(w));

  it('refuses before any deploy request, naming the file and the fix, exit 1', async () => {
    expect(storedCertificate(), 'the first deploy stored the certificate').to.be.a('string').and.not.equal('');
    const calls = metadataCalls();
    const deployedAt = findApp(w.emulator.state, APP)?.deployedAt;
    const result = await cli(w, ['eca', 'deploy', '--target-org', ALIAS, '--json']);
    expect(result.code, explain(result)).to.equal(1);
    const error = parseJson<{ name: string; message: string; actions: string[] }>(result);
    const shown = relative(w.projectDir, globalFile);
    expect(error.message).to.include(shown);
    expect(error.message).to.include('would clear it');
    expect(error.actions.join('\n')).to.include('<certificate>');
    expect(error.actions.join('\n')).to.include('--allow-certificate-removal');
    // One Metadata API call, the readMetadata of the Global OAuth settings: no deploy request.
    expect(metadataCalls() - calls, 'Metadata API calls').to.equal(1);
    expect(findApp(w.emulator.state, APP)?.deployedAt).to.equal(deployedAt);
    expect(storedCertificate(), 'the org keeps its certificate').to.be.a('string').and.not.equal('');
  });

  it('with --allow-certificate-removal deploys, warns, and the org app has no certificate for JWT bearer', async () => {
    const result = await cli(w, ['eca', 'deploy', '--target-org', ALIAS, '--allow-certificate-removal', '--json']);
    expect(result.code, explain(result)).to.equal(0);
    const json = parseJson<{ result: { certificateCheck: string; warnings: string[] } }>(result);
    expect(json.result.certificateCheck).to.equal('would-clear');
    expect(json.result.warnings.join('\n')).to.include('--allow-certificate-removal');
    expect(storedCertificate(), 'the redeploy cleared the certificate').to.equal(undefined);
  });
});
