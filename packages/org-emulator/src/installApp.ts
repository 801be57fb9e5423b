/*
 * Puts an app straight into the emulated org from fixture files (parsed, not judged), for the OAuth
 * tests that need an app but not a deployment. Deployment itself is tested in deployRules/sdrDeploy.
 */
import { parseStringPromise } from 'xml2js';
import { applyChanges } from './apply.js';
import { type FixtureOptions, appFiles } from './fixtures.js';
import { type Emulator } from './index.js';
import { type ExternalClientApp, findApp } from './state.js';
import { typeByName } from './metadataTypes.js';

export async function installApp(emulator: Emulator, fixture: FixtureOptions = {}): Promise<ExternalClientApp> {
  const files = appFiles(fixture);
  const changes = await Promise.all(
    files.map(async (f) => {
      const parsed = (await parseStringPromise(f.xml, { explicitArray: false })) as Record<
        string,
        Record<string, unknown>
      >;
      const fields = { ...parsed[f.type] };
      delete fields.$;
      return {
        type: typeByName(f.type)!,
        fullName: f.fullName,
        fileName: `${f.folder}/${f.fullName}.${f.suffix}`,
        xml: f.xml,
        fields,
      };
    }),
  );
  applyChanges(emulator.state, changes, []);
  return findApp(emulator.state, fixture.appName ?? 'Emu_App')!;
}
