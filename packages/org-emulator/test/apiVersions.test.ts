import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import { type Emulator, startEmulator, findApp } from '../src/index.js';
import { connectTo } from '../src/connect.js';
import { type FixtureFile, appFiles } from '../src/fixtures.js';
import { deployFiles } from './helpers/testing.js';

const APP = 'Emu_App';
const link = `<externalClientApplication>${APP}</externalClientApplication>`;
const NS = '{http://soap.sforce.com/2006/04/metadata}';

const globalWithNewFields = [
  '<callbackUrl>https://app.example.com/callback</callbackUrl>',
  link,
  '<isConsumerSecretOptional>false</isConsumerSecretOptional>',
  '<isDPopEnabled>false</isDPopEnabled>',
  '<isDeviceFlowEnabled>false</isDeviceFlowEnabled>',
  '<isEnforceRefreshTokenTTL>true</isEnforceRefreshTokenTTL>',
  '<isIntrospectAllTokens>false</isIntrospectAllTokens>',
  `<label>${APP}</label>`,
];
/** Policy lines in schema (ASCII) order, with one more element. */
const policyWith = (extra: string) =>
  [
    link,
    '<ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>',
    '<isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>',
    extra,
    `<label>${APP}</label>`,
    '<permittedUsersPolicyType>AllSelfAuthorized</permittedUsersPolicyType>',
  ].sort((a, b) => (a < b ? -1 : 1));
const oauthSecurity: FixtureFile = {
  type: 'ExtlClntAppOauthSecuritySettings',
  folder: 'extlClntAppOauthSecuritySettings',
  suffix: 'ecaOauthSecurity',
  fullName: `${APP}_oauthSecurity`,
  xml: `<?xml version="1.0" encoding="UTF-8"?>\n<ExtlClntAppOauthSecuritySettings xmlns="http://soap.sforce.com/2006/04/metadata">\n    ${link}\n    <label>${APP}_oauthSecurity</label>\n</ExtlClntAppOauthSecuritySettings>\n`,
};

describe('emulator: fields newer (or older) than the deploy API version', function () {
  let emulator: Emulator;
  let connection: Connection;

  beforeEach(async () => {
    emulator = await startEmulator();
    connection = await connectTo(emulator);
  });
  afterEach(() => emulator.close());

  const cases: Array<{
    what: string;
    files: () => FixtureFile[];
    type: string;
    element: string;
    accepted: string[];
    refused: string[];
  }> = [
    {
      what: 'isEnforceRefreshTokenTTL and isDPopEnabled (Global, v67)',
      files: () => appFiles({ global: globalWithNewFields }),
      type: 'ExtlClntAppGlobalOauthSettings',
      element: 'isDPopEnabled',
      accepted: ['67.0', '68.0'],
      refused: ['66.0'],
    },
    {
      what: 'policyAction StepUpMFA (v67)',
      files: () => appFiles({ oauthPolicy: policyWith('<policyAction>StepUpMFA</policyAction>') }),
      type: 'ExtlClntAppOauthConfigurablePolicies',
      element: 'policyAction',
      accepted: ['67.0'],
      refused: ['66.0'],
    },
    {
      what: 'isNamedUserJwtEnabled in the OAuth policies (API 61–63 only)',
      files: () => appFiles({ oauthPolicy: policyWith('<isNamedUserJwtEnabled>false</isNamedUserJwtEnabled>') }),
      type: 'ExtlClntAppOauthConfigurablePolicies',
      element: 'isNamedUserJwtEnabled',
      accepted: ['61.0', '63.0'],
      refused: ['60.0', '64.0', '66.0', '67.0'],
    },
    {
      what: 'an ExtlClntAppOauthSecuritySettings component (newer than the v66 WSDL)',
      files: () => [...appFiles(), oauthSecurity],
      type: 'ExtlClntAppOauthSecuritySettings',
      element: 'ExtlClntAppOauthSecuritySettings',
      accepted: ['67.0'],
      refused: ['66.0'],
    },
  ];

  for (const c of cases) {
    it(`accepts ${c.what} at ${c.accepted.join(', ')} and refuses it at ${c.refused.join(', ')}`, async () => {
      for (const version of c.refused) {
        const result = await deployFiles(connection, c.files(), { checkOnly: true }, undefined, version);
        const failure = result.failures.find((f) => f.componentType === c.type);
        expect(failure, `${version}: ${JSON.stringify(result.failures)}`).to.not.equal(undefined);
        expect(failure!.problem).to.match(/^Error parsing file: /);
        if (c.element !== c.type)
          expect(failure!.problem).to.include(
            c.element === 'policyAction'
              ? 'StepUpMFA'
              : `Element ${NS}${c.element} invalid at this location in type ${c.type}`,
          );
      }
      for (const version of c.accepted) {
        const result = await deployFiles(connection, c.files(), { checkOnly: true }, undefined, version);
        expect(result.failures, version).to.deep.equal([]);
        expect(result.status).to.equal('Succeeded');
      }
    });
  }

  it('stores the v67 fields of a deployment at 67.0', async () => {
    const result = await deployFiles(
      connection,
      [...appFiles({ global: globalWithNewFields }), oauthSecurity],
      {},
      undefined,
      '67.0',
    );
    expect(result.failures).to.deep.equal([]);
    const app = findApp(emulator.state, APP)!;
    expect(app.components.ExtlClntAppGlobalOauthSettings?.fields).to.include({
      isDPopEnabled: 'false',
      isEnforceRefreshTokenTTL: 'true',
    });
    expect(app.components.ExtlClntAppOauthSecuritySettings?.fullName).to.equal(`${APP}_oauthSecurity`);
  });
});
