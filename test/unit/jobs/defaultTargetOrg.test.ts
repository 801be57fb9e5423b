import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { defaultTargetOrg } from '../../../src/jobs/defaultTargetOrg.js';

describe("the org sf uses when none is named (generate's next command)", () => {
  let root: string;
  let project: string;
  let home: string;
  const config = (folder: string, content: string): void => {
    mkdirSync(join(folder, '.sf'), { recursive: true });
    writeFileSync(join(folder, '.sf', 'config.json'), content);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'eca-target-org-'));
    project = join(root, 'project');
    home = join(root, 'home');
    mkdirSync(project);
    mkdirSync(home);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('none anywhere: none', () => {
    expect(defaultTargetOrg(project, {}, home)).to.equal(undefined);
  });
  it("the user's", () => {
    config(home, JSON.stringify({ 'target-org': 'dev-hub' }));
    expect(defaultTargetOrg(project, {}, home)).to.equal('dev-hub');
  });
  it("the project's before the user's", () => {
    config(home, JSON.stringify({ 'target-org': 'dev-hub' }));
    config(project, JSON.stringify({ 'target-org': 'my-sandbox' }));
    expect(defaultTargetOrg(project, {}, home)).to.equal('my-sandbox');
  });
  it('SF_TARGET_ORG before both', () => {
    config(project, JSON.stringify({ 'target-org': 'my-sandbox' }));
    expect(defaultTargetOrg(project, { SF_TARGET_ORG: 'ci-org' }, home)).to.equal('ci-org');
  });
  it('a config that does not parse, or holds no string, counts as none', () => {
    config(project, '{ not json');
    config(home, JSON.stringify({ 'target-org': 42 }));
    expect(defaultTargetOrg(project, {}, home)).to.equal(undefined);
  });
});
