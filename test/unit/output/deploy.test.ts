import { expect } from 'chai';
import { deployingLine, failureLocation, leftOutLines } from '../../../src/output/deploy.js';

describe('failureLocation', () => {
  it('is file:line:column relative to the project, or the component name without a file', () => {
    const base = { type: 'ExtlClntAppOauthSettings', fullName: 'A', problem: 'x' };
    expect(failureLocation({ ...base, file: '/p/force-app/a.xml', line: 3, column: 9 }, '/p')).to.equal(
      'force-app/a.xml:3:9',
    );
    expect(failureLocation({ ...base, file: '/elsewhere/a.xml', line: 3 }, '/p')).to.equal('/elsewhere/a.xml:3');
    expect(failureLocation(base, '/p')).to.equal('A');
  });
});

describe('leftOutLines and deployingLine', () => {
  it('names each field left out, its file relative to the project, and why', () => {
    expect(
      leftOutLines(
        [
          {
            path: '/p/force-app/a.eca-meta.xml',
            field: 'orgScopedExternalApp',
            reason: 'names-another-org',
            namedOrg: '00D',
          },
          { path: '/elsewhere/b.ecaOauth-meta.xml', field: 'oauthLink', reason: 'not-an-org-id' },
        ],
        '/p',
      ),
    ).to.deep.equal([
      "Left out of the deployment (your files weren't changed):",
      '  force-app/a.eca-meta.xml: orgScopedExternalApp (names another org)',
      "  /elsewhere/b.ecaOauth-meta.xml: oauthLink (doesn't name an org id)",
    ]);
  });

  it('says the Metadata API and the version', () => {
    expect(deployingLine('A', 'my-org', { checkOnly: false, rest: true, apiVersion: '67.0' })).to.equal(
      'Deploying A to my-org over the Metadata REST API at version 67.0',
    );
  });
});
