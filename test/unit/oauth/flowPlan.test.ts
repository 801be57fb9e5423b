import { expect } from 'chai';
import type { SfError } from '@salesforce/core';
import type { AppSpec } from '../../../src/model/appSpec.js';
import { inferFlow, planFlow } from '../../../src/oauth/flowPlan.js';
import { specWith } from '../../helpers/appSpecs.js';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const LOOPBACK = 'http://localhost:1717/OauthRedirect';

const clientCredentials = specWith({
  oauth: { flows: ['client-credentials'], scopes: ['Api'] },
  policies: { runAsUser: 'integration@acme.test' },
});
const jwtOnly = specWith({ oauth: { flows: ['jwt-bearer'], certificate: CERT, scopes: ['Api'] } });
const webOnly = specWith({ oauth: { flows: ['web-server'], callbackUrls: ['https://acme.test/cb', LOOPBACK] } });
const everything = specWith({
  oauth: { flows: ['web-server', 'client-credentials', 'jwt-bearer'], certificate: CERT, callbackUrls: [LOOPBACK] },
  policies: { runAsUser: 'integration@acme.test' },
});

function errorOf(run: () => unknown): SfError {
  try {
    run();
  } catch (error) {
    return error as SfError;
  }
  throw new Error('expected an error');
}

describe('verify flow inference', () => {
  const table: Array<[string, AppSpec, string]> = [
    ['client credentials when enabled', clientCredentials, 'client-credentials'],
    ['client credentials before JWT and web server', everything, 'client-credentials'],
    ['JWT bearer when a certificate is set and no client credentials', jwtOnly, 'jwt-bearer'],
    ['web server otherwise', webOnly, 'web-server'],
    ['web server for a device-only app', specWith({ oauth: { flows: ['device'] } }), 'web-server'],
  ];
  for (const [what, spec, flow] of table) {
    it(what, () => expect(inferFlow(spec)).to.equal(flow));
  }
});

describe('verify flow plan', () => {
  it('client credentials needs the secret', () => {
    expect(planFlow(clientCredentials)).to.deep.equal({
      flow: 'client-credentials',
      requested: false,
      needsSecret: true,
    });
  });

  it('JWT bearer does not need the secret; --flow marks the plan as requested', () => {
    expect(planFlow(everything, 'jwt-bearer')).to.deep.equal({
      flow: 'jwt-bearer',
      requested: true,
      needsSecret: false,
    });
  });

  it('web server picks the loopback callback and needs the secret unless the client is public', () => {
    expect(planFlow(webOnly)).to.deep.equal({
      flow: 'web-server',
      requested: false,
      redirectUri: LOOPBACK,
      needsSecret: true,
    });
    const publicClient = specWith({ oauth: { flows: ['web-server'], callbackUrls: [LOOPBACK], publicClient: true } });
    expect(planFlow(publicClient).needsSecret).to.equal(false);
  });

  const refusals: Array<[string, AppSpec, 'client-credentials' | 'jwt-bearer' | 'web-server', string, RegExp]> = [
    [
      'client credentials the app does not enable',
      webOnly,
      'client-credentials',
      'FlowNotEnabledError',
      /does not enable the client-credentials flow/,
    ],
    [
      'client credentials without a run-as user',
      specWith({ oauth: { flows: ['client-credentials'] } }),
      'client-credentials',
      'NoRunAsUserInFilesError',
      /names no run-as user/,
    ],
    ['JWT bearer without a certificate', webOnly, 'jwt-bearer', 'NoCertificateError', /has no certificate/],
    [
      'web server without a loopback callback',
      specWith({ oauth: { flows: ['web-server'], callbackUrls: ['https://acme.test/cb'] } }),
      'web-server',
      'NoLoopbackCallbackError',
      /https:\/\/acme\.test\/cb/,
    ],
  ];
  for (const [what, spec, flow, name, message] of refusals) {
    it(`refuses ${what}, naming the fix`, () => {
      const error = errorOf(() => planFlow(spec, flow));
      expect(error.name).to.equal(name);
      expect(error.message).to.match(message);
      expect(error.actions?.length).to.be.greaterThan(0);
    });
  }
});
