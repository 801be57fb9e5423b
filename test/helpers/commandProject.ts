/*
 * The set-up every command test of deploy and verify needs: an authorized mock org under the alias `my-org` and
 * an empty DX project (one package directory, force-app) in the test context's own folder.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateAggregator } from '@salesforce/core';
import { type MockTestOrgData, type TestContext } from '@salesforce/core/testSetup';

export const COMMAND_TEST_ALIAS = 'my-org';

/** Stub the org's auth and alias and lay out an empty DX project; returns the project folder. */
export async function setUpCommandProject($$: TestContext, testOrg: MockTestOrgData): Promise<string> {
  // An alias table another test loaded (through the real HOME) must not stand in for this test's stubbed one.
  StateAggregator.clearInstance();
  await $$.stubAuths(testOrg);
  $$.stubAliases({ [COMMAND_TEST_ALIAS]: testOrg.username });
  const projectDir = await $$.localPathRetriever($$.id);
  rmSync(projectDir, { recursive: true, force: true });
  mkdirSync(projectDir, { recursive: true });
  $$.setConfigStubContents('SfProjectJson', {
    contents: { packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' },
  });
  return projectDir;
}

/**
 * What the test context leaves in the temporary directory: its own folder (the project, the global folder) and the
 * `.sfdx` folder of the stubbed alias file. For a test file's `after` hook.
 */
export function removeCommandProject($$: TestContext): void {
  rmSync(join(tmpdir(), $$.id), { recursive: true, force: true });
  rmSync(join(tmpdir(), '.sfdx'), { recursive: true, force: true });
}
