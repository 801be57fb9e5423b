import { expect } from 'chai';
import { USERNAME_PLACEHOLDER, nextVerify } from '../../../src/jobs/deployNext.js';
import { verifyCommand } from '../../../src/jobs/deployErrors.js';
import type { VerifyingUser } from '../../../src/org/preflight.js';
import { flawsOf, shellWords } from '../../helpers/printedCommands.js';

const BASE = 'sf eca verify --name CI_Deployer --target-org ci';

describe("deploy's next command for a JWT bearer app", () => {
  const rows: Array<{ case: string; user: VerifyingUser | undefined; command: string; note?: RegExp }> = [
    {
      case: 'the deploying user, admitted: named, nothing more to say',
      user: { reason: 'deploying-user', username: 'me@acme.example', via: { kind: 'profile', name: 'Integration' } },
      command: `${BASE} --username me@acme.example`,
    },
    {
      case: 'another admitted user: named, and why the deploying user is not',
      user: {
        reason: 'admitted-user',
        username: 'ci@acme.example',
        via: { kind: 'permission-set', name: 'ECA_Integration' },
        deployingUser: 'me@acme.example',
      },
      command: `${BASE} --username ci@acme.example`,
      note: /^--username names ci@acme\.example, an active user with permission set ECA_Integration, which the app admits\. You \(me@acme\.example\) are not admitted/,
    },
    {
      case: 'nobody admitted: the placeholder and what to assign',
      user: { reason: 'nobody-admitted', permissionSets: ['A'], profiles: ['Custom P'] },
      command: `${BASE} --username <username>`,
      note: /^Put in for <username> an active user with permission set A or profile Custom P: the app admits no one else/,
    },
    {
      case: 'admin-approved with no permission set or profile: the placeholder, and the app admits no one',
      user: { reason: 'nobody-admitted', permissionSets: [], profiles: [] },
      command: `${BASE} --username <username>`,
      note: /names no permission set or profile, so the org issues a JWT bearer token for no one/,
    },
    {
      case: 'self-authorized: the placeholder, for a user who approved the app',
      user: { reason: 'self-authorized' },
      command: `${BASE} --username <username>`,
      note: /^Put in for <username> a user who has approved the app/,
    },
    {
      case: 'not known (the org could not be asked): the placeholder',
      user: undefined,
      command: `${BASE} --username <username>`,
      note: /^Put in for <username> an active user the app admits/,
    },
  ];
  for (const row of rows) {
    it(row.case, () => {
      const next = nextVerify('CI_Deployer', 'ci', row.user);
      expect(next.command).to.equal(row.command);
      if (row.note) expect(next.note).to.match(row.note);
      else expect(next.note).to.equal(undefined);
      // A named user runs as printed; the placeholder is the only flaw, and it is one word for the shell.
      const flaws = flawsOf(next.command);
      expect(flaws).to.deep.equal(row.command.includes(USERNAME_PLACEHOLDER) ? ['placeholder <username>'] : []);
      expect(shellWords(next.command)).to.have.length(9);
    });
  }

  it('quotes a username the shell would split, never the placeholder', () => {
    expect(verifyCommand('App', 'org', "o'brien user@acme.example")).to.equal(
      "sf eca verify --name App --target-org org --username 'o'\\''brien user@acme.example'",
    );
    expect(verifyCommand('App', 'org', USERNAME_PLACEHOLDER)).to.equal(
      'sf eca verify --name App --target-org org --username <username>',
    );
  });
});
