/*
 * The environment of the child process that saves an org auth for the emulator: an isolated HOME and config, the
 * file keychain, no colour, no update checks or telemetry. The plugin's test runner (packages/dev-kit/src/runCli.ts)
 * builds every CLI run's environment on this one, so what is saved here is what the CLI reads there.
 */
import { join } from 'node:path';

export function cliEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_LOG_LEVEL: 'warn',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    TERM: 'dumb',
  };
}
