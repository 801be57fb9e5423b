import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { deployRecords, fingerprintOf, recordPath } from '../../../src/jobs/deployRecord.js';

describe('deployRecords: the deploys a run left, for the next run to pick up', () => {
  let projectDir: string;
  beforeEach(() => (projectDir = mkdtempSync(join(tmpdir(), 'eca-deploy-record-test-'))));
  afterEach(() => rmSync(projectDir, { recursive: true, force: true }));

  const files = (text: string) => [
    { type: 'ExternalClientApplication', path: join(projectDir, 'A.eca-meta.xml'), xml: text },
  ];
  const record = (fingerprint: string, startedAt = new Date().toISOString()) => ({
    deployId: '0Af000000000001AAA',
    phase: 'all' as const,
    fingerprint,
    startedAt,
    apiVersion: '66.0',
    rest: false,
  });

  it('finds the deploy of the same org, app and files, and forgets it once removed', async () => {
    const fingerprint = fingerprintOf(projectDir, files('<a/>'), [], '');
    const records = deployRecords(projectDir, 'Admin@Example.com', 'A', false);
    await records.save(record(fingerprint));
    expect(await deployRecords(projectDir, 'admin@example.com', 'A', false).find(fingerprint)).to.include({
      deployId: '0Af000000000001AAA',
    });
    await records.remove();
    expect(await records.find(fingerprint)).to.equal(undefined);
  });

  it('never picks up a deploy of other file contents, another app, or a validation for a deploy', async () => {
    const fingerprint = fingerprintOf(projectDir, files('<a/>'), [], '');
    await deployRecords(projectDir, 'org', 'A', false).save(record(fingerprint));
    expect(
      await deployRecords(projectDir, 'org', 'A', false).find(fingerprintOf(projectDir, files('<b/>'), [], '')),
    ).to.equal(undefined);
    expect(await deployRecords(projectDir, 'org', 'B', false).find(fingerprint)).to.equal(undefined);
    expect(await deployRecords(projectDir, 'org', 'A', true).find(fingerprint)).to.equal(undefined);
    const leftOut = fingerprintOf(
      projectDir,
      files('<a/>'),
      [{ path: join(projectDir, 'A.eca-meta.xml'), field: 'x' }],
      '',
    );
    expect(leftOut).not.to.equal(fingerprint);
  });

  it('ages out entries older than the 30 days an org keeps deploy results', async () => {
    const fingerprint = fingerprintOf(projectDir, files('<a/>'), [], '');
    const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000).toISOString();
    await deployRecords(projectDir, 'org', 'A', false).save(record(fingerprint, old));
    expect(await deployRecords(projectDir, 'org', 'A', false).find(fingerprint)).to.equal(undefined);
  });

  it('reads a damaged file as empty, and writes the file readable by its owner only, without a secret', async () => {
    const fingerprint = fingerprintOf(projectDir, files('<a/>'), [], '');
    const records = deployRecords(projectDir, 'org', 'A', false);
    await records.save(record(fingerprint));
    expect(statSync(recordPath(projectDir)).mode & 0o777).to.equal(0o600);
    expect(Object.keys(JSON.parse(readFileSync(recordPath(projectDir), 'utf8')) as object)).to.deep.equal([
      'version',
      'deploys',
    ]);
    writeFileSync(recordPath(projectDir), '{ not json');
    expect(await records.find(fingerprint)).to.equal(undefined);
  });
});

describe('deployRecords: changes in the order asked', () => {
  it('a remove asked right after a save (not awaited) leaves nothing behind', async () => {
    const projectDir = mkdtempSync(join(tmpdir(), 'eca-deploy-record-test-'));
    try {
      const fingerprint = fingerprintOf(projectDir, [], [], '');
      const records = deployRecords(projectDir, 'org', 'A', false);
      void records.save({
        deployId: '0Af000000000001AAA',
        phase: 'all',
        fingerprint,
        startedAt: new Date().toISOString(),
        apiVersion: '66.0',
        rest: false,
      });
      await records.remove();
      expect(await records.find(fingerprint)).to.equal(undefined);
    } finally {
      rmSync(projectDir, { recursive: true, force: true });
    }
  });
});
