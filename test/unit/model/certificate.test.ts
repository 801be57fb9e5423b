import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  certificateForm,
  inspectCertificate,
  retrieveCertificateBody,
  sameCertificate,
  toPemCertificate,
} from '../../../src/model/certificate.js';
import { RSA_1024_PEM, RSA_2048_PEM } from '../../helpers/testCertificates.js';

const CORPUS = 'test/fixtures/corpus/eca';
const NOW = new Date('2027-01-01T00:00:00Z');

/** The text of the certificate element of a real Global OAuth file (read without an XML parser on purpose). */
function certificateOf(path: string): string {
  const xml = readFileSync(`${CORPUS}/${path}`, 'utf8');
  const start = xml.indexOf('<certificate>') + '<certificate>'.length;
  return xml.slice(start, xml.indexOf('</certificate>'));
}

const CHO_GEER = certificateOf(
  'Cho-Geer__chogeer/force-app/main/default/extlClntAppGlobalOauthSets/Booking_Integration_API_glbloauth.ecaGlblOauth-meta.xml',
);
const RAMIRO = certificateOf(
  'RamiroHernandez__CICD/force-app/main/default/extlClntAppGlobalOauthSets/SOLU_CI_CD_glbloauth.ecaGlblOauth-meta.xml',
);

const body = (pem: string): string =>
  pem
    .split('\n')
    .filter((line) => !line.startsWith('-----'))
    .join('\n');

describe('certificate forms', () => {
  it('tells PEM from the retrieve form and from neither', () => {
    expect(certificateForm(RSA_2048_PEM)).to.equal('pem');
    expect(certificateForm(CHO_GEER)).to.equal('body');
    expect(certificateForm(body(RSA_2048_PEM).replace(/\n/g, ''))).to.equal('body');
    expect(certificateForm('hello')).to.equal(undefined);
    expect(certificateForm('')).to.equal(undefined);
    expect(certificateForm('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).to.equal(undefined);
  });

  it('turns PEM into the retrieve form: 64-column base64 lines, no armour, no final newline', () => {
    const out = retrieveCertificateBody(RSA_2048_PEM);
    expect(out).to.equal(body(RSA_2048_PEM));
    expect(out).not.to.include('-----');
    expect(out.endsWith('\n')).to.equal(false);
    const lines = out.split('\n');
    expect(lines.slice(0, -1).every((line) => line.length === 64)).to.equal(true);
    expect(lines.at(-1)!.length).to.be.within(1, 64);
  });

  it('keeps a real retrieve body as it is, and rewraps a one-line body (Connected App retrieves)', () => {
    expect(retrieveCertificateBody(CHO_GEER)).to.equal(CHO_GEER);
    expect(retrieveCertificateBody(CHO_GEER.replace(/\n/g, ''))).to.equal(CHO_GEER);
    expect(retrieveCertificateBody(`  ${CHO_GEER.replace(/\n/g, '\r\n')}\n`)).to.equal(CHO_GEER);
  });

  it('refuses a text in no accepted form', () => {
    expect(() => retrieveCertificateBody('hello')).to.throw(/not a certificate/);
  });

  it('compares certificates by their bytes, whatever the form', () => {
    expect(sameCertificate(RSA_2048_PEM, retrieveCertificateBody(RSA_2048_PEM))).to.equal(true);
    expect(sameCertificate(toPemCertificate(CHO_GEER)!, CHO_GEER.replace(/\n/g, ''))).to.equal(true);
    expect(sameCertificate(RSA_2048_PEM, CHO_GEER)).to.equal(false);
    expect(sameCertificate('hello', 'hello')).to.equal(false);
  });
});

describe('inspectCertificate on both forms', () => {
  it('reads the real retrieve-form certificates (RSA 2048)', () => {
    for (const text of [CHO_GEER, RAMIRO]) {
      const { info, problem } = inspectCertificate(text, NOW);
      expect(problem).to.equal(undefined);
      expect(info?.keyType).to.equal('rsa');
      expect(info?.bits).to.be.at.least(2048);
    }
  });

  it('gives the same verdict for PEM and its retrieve form', () => {
    expect(inspectCertificate(body(RSA_2048_PEM), NOW).problem).to.equal(undefined);
    expect(inspectCertificate(body(RSA_1024_PEM), NOW).problem).to.equal('weakKey');
    expect(inspectCertificate(RSA_1024_PEM, NOW).problem).to.equal('weakKey');
    expect(inspectCertificate(body(RSA_2048_PEM), new Date('2050-01-01')).problem).to.equal('expired');
  });

  it('says notPem for no form and unreadable for base64 that is no certificate', () => {
    expect(inspectCertificate('hello').problem).to.equal('notPem');
    expect(inspectCertificate('AAAAAAAA').problem).to.equal('unreadable');
  });
});
