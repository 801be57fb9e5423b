import { expect } from 'chai';
import {
  assertSecureUrl,
  isLoopbackHost,
  isSandbox,
  jwtAudience,
  myDomainHost,
  tokenEndpointBase,
  type TokenFlow,
} from '../../../src/oauth/loginHost.js';

describe('loginHost', () => {
  describe('tokenEndpointBase', () => {
    const good: Array<[string, TokenFlow | undefined, string]> = [
      ['https://acme.my.salesforce.com', 'client-credentials', 'https://acme.my.salesforce.com'],
      ['https://acme.my.salesforce.com/', 'client-credentials', 'https://acme.my.salesforce.com'],
      ['https://ACME.My.Salesforce.com/services/data', undefined, 'https://acme.my.salesforce.com'],
      ['https://acme.lightning.force.com', 'client-credentials', 'https://acme.my.salesforce.com'],
      [
        'https://acme.my.salesforce-setup.com/lightning/setup/Home',
        'client-credentials',
        'https://acme.my.salesforce.com',
      ],
      [
        'https://acme--uat.sandbox.lightning.force.com',
        'client-credentials',
        'https://acme--uat.sandbox.my.salesforce.com',
      ],
      [
        'https://acme--uat.sandbox.my.salesforce-setup.com',
        'jwt-bearer',
        'https://acme--uat.sandbox.my.salesforce.com',
      ],
      ['https://acme--uat.sandbox.my.salesforce.com', 'web-server', 'https://acme--uat.sandbox.my.salesforce.com'],
      ['https://x-dev-ed.develop.lightning.force.com', undefined, 'https://x-dev-ed.develop.my.salesforce.com'],
      ['https://login.salesforce.com', 'jwt-bearer', 'https://login.salesforce.com'],
      ['https://test.salesforce.com', 'web-server', 'https://test.salesforce.com'],
      ['http://127.0.0.1:4567', 'client-credentials', 'http://127.0.0.1:4567'],
      ['http://localhost:4567/', 'client-credentials', 'http://localhost:4567'],
      ['http://[::1]:4567', 'client-credentials', 'http://[::1]:4567'],
      ['  https://acme.my.salesforce.com  ', 'client-credentials', 'https://acme.my.salesforce.com'],
      ['https://acme.my.salesforce.com:8443', 'client-credentials', 'https://acme.my.salesforce.com:8443'],
    ];
    for (const [input, flow, expected] of good) {
      it(`${input} (${flow ?? 'any flow'}) -> ${expected}`, () => {
        expect(tokenEndpointBase(input, flow)).to.equal(expected);
      });
    }

    const bad: Array<[string, TokenFlow | undefined, string, RegExp]> = [
      [
        'https://login.salesforce.com',
        'client-credentials',
        'GenericLoginHost',
        /request not supported on this domain/,
      ],
      ['https://test.salesforce.com/', 'client-credentials', 'GenericLoginHost', /My Domain/],
      ['http://acme.my.salesforce.com', 'jwt-bearer', 'LoginUrlNotHttps', /plain http/],
      ['http://10.0.0.5:8080', 'client-credentials', 'LoginUrlNotHttps', /loopback/],
      ['acme.my.salesforce.com', undefined, 'LoginUrlInvalid', /not an https URL/],
      ['ftp://acme.my.salesforce.com', undefined, 'LoginUrlInvalid', /not an https URL/],
      ['', undefined, 'LoginUrlInvalid', /not an https URL/],
    ];
    for (const [input, flow, name, message] of bad) {
      it(`refuses "${input}" for ${flow ?? 'any flow'} (${name})`, () => {
        let caught: unknown;
        try {
          tokenEndpointBase(input, flow);
        } catch (error) {
          caught = error;
        }
        expect(caught).to.be.instanceOf(Error);
        const error = caught as Error & { actions?: string[] };
        expect(error.name).to.equal(`${name}Error`);
        expect(error.message).to.match(message);
        expect(error.actions, 'names the fix').to.have.length.greaterThan(0);
      });
    }
  });

  it('myDomainHost leaves My Domain and unknown hosts alone', () => {
    expect(myDomainHost('acme.my.salesforce.com')).to.equal('acme.my.salesforce.com');
    expect(myDomainHost('example.com')).to.equal('example.com');
    expect(myDomainHost('lightning.force.com')).to.equal('lightning.force.com');
  });

  describe('assertSecureUrl', () => {
    for (const ok of [
      'https://acme.my.salesforce.com/services/oauth2/token',
      'http://127.0.0.1:4567/x',
      'http://localhost/x',
      'http://[::1]:1/x',
    ]) {
      it(`allows ${ok}`, () => expect(() => assertSecureUrl(ok)).to.not.throw());
    }
    const refused: Array<[string, RegExp]> = [
      ['http://acme.my.salesforce.com/services/data/v62.0/', /plain http/],
      ['http://127.0.0.2/x', /plain http/],
      ['ftp://acme.my.salesforce.com', /not an https URL/],
      ['/services/oauth2/token', /not an https URL/],
    ];
    for (const [url, message] of refused) {
      it(`refuses ${url}`, () => expect(() => assertSecureUrl(url)).to.throw(message));
    }
  });

  it('isLoopbackHost', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST'])
      expect(isLoopbackHost(host), host).to.equal(true);
    for (const host of ['127.0.0.2', 'localhost.example.com', '0.0.0.0', 'acme.my.salesforce.com'])
      expect(isLoopbackHost(host), host).to.equal(false);
  });

  describe('isSandbox and jwtAudience', () => {
    const table: Array<[string, boolean]> = [
      ['https://acme--uat.sandbox.my.salesforce.com', true],
      ['acme--uat.sandbox.lightning.force.com', true],
      ['https://acme--uat.sandbox.my.salesforce-setup.com', true],
      ['https://acme--uat.my.salesforce.com', true],
      ['https://test.salesforce.com', true],
      ['https://acme.my.salesforce.com', false],
      ['https://acme.lightning.force.com', false],
      ['https://x-dev-ed.develop.my.salesforce.com', false],
      ['https://login.salesforce.com', false],
      ['http://127.0.0.1:4567', false],
      ['not a url://', false],
    ];
    for (const [input, sandbox] of table) {
      it(`${input}: ${sandbox ? 'sandbox' : 'not a sandbox'}`, () => {
        expect(isSandbox(input)).to.equal(sandbox);
        expect(jwtAudience(input)).to.equal(sandbox ? 'https://test.salesforce.com' : 'https://login.salesforce.com');
      });
    }
    it('an explicit audience wins (without a trailing slash)', () => {
      expect(
        jwtAudience('https://acme--uat.sandbox.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com/'),
      ).to.equal('https://acme--uat.sandbox.my.salesforce.com');
      expect(jwtAudience('https://acme.my.salesforce.com', '  ')).to.equal('https://login.salesforce.com');
    });
  });
});
