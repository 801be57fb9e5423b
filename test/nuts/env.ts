/*
 * The environment the real-org suite (NUTs) runs with: how the org is authorized, which users the apps use, and how
 * long to wait for a new app to propagate. Read by the launcher (test/nuts/run.ts), which refuses to start mocha
 * without what is required, and by the suite itself.
 */

export type AuthStrategy = 'AUTH_URL' | 'JWT';

export type NutEnv = {
  strategy: AuthStrategy;
  /** An SFDX auth URL (force://<clientId>:<clientSecret>:<refreshToken>@<instance>). Never printed. */
  authUrl?: string;
  jwt?: { username: string; clientId: string; key: string; instanceUrl: string };
  /** The client credentials app's run-as user: an active, API Only, non-admin user of the org. */
  runAsUser: string;
  /** A user pre-authorized for the JWT app through the permission set ECA_NUT_JWT; without it the JWT test skips. */
  jwtUsername?: string;
  /** How long verify waits for a new app to propagate (minutes). */
  waitMinutes: number;
};

/** The permission set the JWT bearer app pre-authorizes; ECA_NUT_JWT_USERNAME must hold it. */
export const JWT_PERMISSION_SET = 'ECA_NUT_JWT';

export const DEFAULT_WAIT_MINUTES = 15;

const value = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const text = env[name]?.trim();
  return text ? text : undefined;
};

const JWT_VARIABLES = ['TESTKIT_HUB_USERNAME', 'TESTKIT_JWT_CLIENT_ID', 'TESTKIT_JWT_KEY'] as const;

/** The suite's environment, or the list of what is missing. */
export function readNutEnv(
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; env: NutEnv } | { ok: false; missing: string[] } {
  const missing: string[] = [];
  const authUrl = value(env, 'TESTKIT_AUTH_URL');
  const jwtComplete = JWT_VARIABLES.every((name) => value(env, name));
  if (!authUrl && !jwtComplete) {
    const partialJwt = JWT_VARIABLES.filter((name) => !value(env, name));
    missing.push(
      partialJwt.length < JWT_VARIABLES.length
        ? `TESTKIT_AUTH_URL, or the rest of the JWT variables: ${partialJwt.join(', ')}`
        : `TESTKIT_AUTH_URL (or ${JWT_VARIABLES.join(' + ')})`,
    );
  }
  const runAsUser = value(env, 'ECA_NUT_RUN_AS_USER');
  if (!runAsUser) missing.push('ECA_NUT_RUN_AS_USER');
  const waitText = value(env, 'ECA_NUT_WAIT_MINUTES');
  const waitMinutes = waitText === undefined ? DEFAULT_WAIT_MINUTES : Number(waitText);
  if (!Number.isInteger(waitMinutes) || waitMinutes < 1 || waitMinutes > 60)
    missing.push('ECA_NUT_WAIT_MINUTES (a whole number of minutes, 1 to 60)');
  if (missing.length > 0 || !runAsUser) return { ok: false, missing };

  const jwtUsername = value(env, 'ECA_NUT_JWT_USERNAME');
  const common = { runAsUser, waitMinutes, ...(jwtUsername ? { jwtUsername } : {}) };
  // As the testkit decides: a complete set of JWT variables wins over an auth URL.
  if (jwtComplete) {
    return {
      ok: true,
      env: {
        strategy: 'JWT',
        jwt: {
          username: value(env, 'TESTKIT_HUB_USERNAME')!,
          clientId: value(env, 'TESTKIT_JWT_CLIENT_ID')!,
          key: env.TESTKIT_JWT_KEY!,
          instanceUrl: value(env, 'TESTKIT_HUB_INSTANCE') ?? 'https://login.salesforce.com',
        },
        ...common,
      },
    };
  }
  return { ok: true, env: { strategy: 'AUTH_URL', authUrl, ...common } };
}

/** What the launcher prints when the suite cannot run: every variable, what it is for, and how to get it. */
export function needsBlock(missing: readonly string[]): string {
  return [
    'Skipping the real-org tests (NUTs): they need a Salesforce org, named by environment variables.',
    '',
    `Missing: ${missing.join('; ')}`,
    '',
    'Required:',
    '  TESTKIT_AUTH_URL        SFDX auth URL of a Developer Edition org (force://...). Get it with',
    '                          `sf org display --target-org <org> --verbose --json` (result.sfdxAuthUrl).',
    '    or, instead, JWT:     TESTKIT_HUB_USERNAME (the org user), TESTKIT_JWT_CLIENT_ID (consumer key of an',
    '                          app with the JWT bearer flow), TESTKIT_JWT_KEY (the private key PEM, contents),',
    '                          TESTKIT_HUB_INSTANCE (login URL or My Domain; default https://login.salesforce.com).',
    '  ECA_NUT_RUN_AS_USER     Username of an active API Only user in that org who is not an administrator',
    '                          (the run-as user of the client credentials app).',
    'Optional:',
    `  ECA_NUT_JWT_USERNAME    A user assigned the permission set ${JWT_PERMISSION_SET}; without it the JWT bearer test skips.`,
    `  ECA_NUT_WAIT_MINUTES    How long verify waits for a new app to propagate (default ${DEFAULT_WAIT_MINUTES}).`,
    "  TESTKIT_EXECUTABLE_PATH The CLI to test (default: this checkout's bin/run.js; run `npm run build` first).",
    '  TESTKIT_SAVE_ARTIFACTS  true: keep the session folder (HOME, project, CLI logs) instead of removing it.',
    '',
    'The suite deploys External Client Apps named NUT_*_<timestamp> to the org, switches the setting "Allow access to',
    'External Client App consumer secrets via REST API" on and off while it runs (it restores the original value),',
    'and deletes the apps at the end.',
  ].join('\n');
}
