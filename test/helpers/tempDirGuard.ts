/*
 * Every test cleans up what it creates in the temporary directory: a mocha root hook plugin (.mocharc.json
 * `require`) that gives the run a temporary directory of its own (TMPDIR, inherited by every CLI, emulator and sf
 * process a test starts), and fails the run when a test file leaves anything in it, naming the file and what it
 * left (folders holding isolated HOMEs with auth files among them). The run's directory is removed at the end.
 *
 * Its own directory, not a before/after listing of the shared one: other runs on the same machine create and remove
 * folders there at the same time. Node's compile cache stays in the shared directory (NODE_COMPILE_CACHE), so the
 * CLI runs of the tests keep their warm start.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Context } from 'mocha';

const shared = tmpdir();
const runDir = mkdtempSync(join(shared, 'plugin-eca-test-run-'));
process.env.NODE_COMPILE_CACHE ??= join(shared, 'node-compile-cache');
for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = runDir;
// Also when the run ends early (a signal, a closed pipe) before the root after hook.
process.once('exit', () => rmSync(runDir, { recursive: true, force: true }));

/** What tools keep there on their own, not a test's doing: tsx's and Node's caches. */
const TOOL_CACHES = [/^tsx-\d+$/, /^node-compile-cache$/, /^v8-compile-cache/];

const entries = (): Set<string> =>
  new Set(existsSync(runDir) ? readdirSync(runDir).filter((name) => !TOOL_CACHES.some((re) => re.test(name))) : []);

/** Where each entry first appeared: a test file, or the loading of the files. */
const origin = new Map<string, string>();
const LOADING = '(while the test files were loaded)';
const leaks: string[] = [];
let currentFile: string | undefined;
let seen = entries();

function note(file: string): void {
  const now = entries();
  // Removed since: forgotten, so that the same name made again later counts for the file that makes it.
  for (const name of [...origin.keys()]) if (!now.has(name)) origin.delete(name);
  for (const name of now) if (!seen.has(name) && !origin.has(name)) origin.set(name, file);
  seen = now;
}

/** What a finished file left behind: what appeared while it ran and is still there. */
function checkFile(file: string): void {
  const left = [...entries()].filter((name) => origin.get(name) === file);
  for (const name of left) leaks.push(`${relative(process.cwd(), file)} left ${join(runDir, name)}`);
  // Reported once: cleared so the next file starts clean.
  for (const name of left) rmSync(join(runDir, name), { recursive: true, force: true });
  seen = entries();
}

export const mochaHooks = {
  // After loading, before any suite's hooks: what the test files made at load time.
  beforeAll(): void {
    note(LOADING);
  },
  // Before each test, after its file's before hooks (what they made counts as that file's), and after each test: a
  // file that has ended is checked when the next one starts, after its own after hooks ran.
  beforeEach(this: Context): void {
    const file = this.currentTest?.file ?? LOADING;
    note(file);
    if (file !== currentFile && currentFile !== undefined) checkFile(currentFile);
    currentFile = file;
  },
  afterEach(this: Context): void {
    note(this.currentTest?.file ?? LOADING);
  },
  afterAll(): void {
    if (currentFile !== undefined) {
      note(currentFile);
      checkFile(currentFile);
    }
    checkFile(LOADING);
    rmSync(runDir, { recursive: true, force: true });
    if (leaks.length > 0) {
      throw new Error(
        `Tests left ${leaks.length} entries in the temporary directory; each test must remove what it creates:\n${leaks.join('\n')}`,
      );
    }
  },
};
