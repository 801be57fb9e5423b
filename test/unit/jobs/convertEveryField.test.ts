/*
 * Every part the conversion writes beyond generate's fields (ID and asset token settings, custom attributes, trusted
 * IP ranges, the info and start URLs, single logout URLs, the Connected App's OAuth switches), from an app holding
 * every field of the schema: the files validate against the ECA schema, parse back to the same model and deploy.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { validateXML } from 'xmllint-wasm';
import {
  addPermissionSet,
  addProfile,
  addUser,
  connectTo,
  ECA_SCHEMA_PATH,
  findApp,
  startEmulator,
  zipDeployment,
} from '@plugin-eca/org-emulator';
import { convertOne } from '../../../src/jobs/convert.js';
import { parseConnectedApp } from '../../../src/metadata/connectedApp.js';
import { parseAppFiles } from '../../../src/metadata/parse.js';
import { ecaTypeByName } from '../../../src/metadata/types.js';
import { everyFieldXml } from '../../helpers/everyFieldConnectedApp.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';

describe('convert: an app with every field', function () {
  this.timeout(60_000);
  const file = parseConnectedApp(
    `<ConnectedApp xmlns="${NS}">${everyFieldXml()}</ConnectedApp>`,
    'Every_Field.connectedApp-meta.xml',
  );

  for (const harden of [false, true]) {
    it(`${harden ? '--harden' : 'default'}: valid files that parse back and deploy`, async () => {
      expect(file.problems).to.deep.equal([]);
      const app = convertOne(file, { harden }, '/nonexistent/wt-convert/force-app/main/default');
      expect(app.problems).to.deep.equal([]);
      expect(app.status).to.equal('converted');
      const oauth = app.files.find((f) => f.type === 'ExtlClntAppOauthSettings')!.xml;
      expect(oauth).to.include(
        '    <customAttributes>\n        <formula>x_formula</formula>\n        <key>x_key</key>\n    </customAttributes>',
      );
      expect(oauth).to.include('<startIpAddress>x_start</startIpAddress>');
      expect(oauth).to.include('<assetTokenAudiences>x_assetAudiences</assetTokenAudiences>');
      const global = app.files.find((f) => f.type === 'ExtlClntAppGlobalOauthSettings')!.xml;
      expect(global).to.include('<idTokenValidityInMinutes>5</idTokenValidityInMinutes>');
      expect(global).to.include('<isCodeCredFlowEnabled>true</isCodeCredFlowEnabled>');
      const policies = app.files.find((f) => f.type === 'ExtlClntAppConfigurablePolicies')!.xml;
      expect(policies).to.include('<startPage>Custom</startPage>');
      const result = await validateXML({
        xml: app.files.map((f) => ({ fileName: f.path.split('/').pop()!, contents: f.xml })),
        schema: [{ fileName: 'eca-metadata.xsd', contents: readFileSync(ECA_SCHEMA_PATH, 'utf8') }],
      });
      expect(result.errors.map((e) => `${e.loc?.fileName ?? ''}: ${e.message}`)).to.deep.equal([]);
      expect(parseAppFiles(app.files.map((f) => ({ path: f.path, xml: f.xml }))).spec).to.deep.equal(app.spec);

      const emulator = await startEmulator();
      try {
        const state = emulator.state;
        const profileId = state.profiles.find((p) => p.name === 'Minimum Access - API Only Integrations')!.id;
        for (const name of app.spec!.policies.permissionSets) addPermissionSet(state, name, name, { ApiEnabled: true });
        for (const name of app.spec!.policies.profiles) addProfile(state, name, { ApiEnabled: true });
        addUser(state, { username: app.spec!.policies.runAsUser!, firstName: 'Run', lastName: 'As', profileId });
        const connection = await connectTo(emulator);
        const zip = await zipDeployment(
          app.files.map((f) => {
            const type = ecaTypeByName(f.type)!;
            const fullName = f.path.split('/').pop()!.replace(`.${type.suffix}-meta.xml`, '');
            return { type: f.type, folder: type.folder, suffix: type.suffix, fullName, xml: f.xml };
          }),
          undefined,
          '66.0',
        );
        connection.metadata.pollInterval = 20;
        const deployed = await connection.metadata
          .deploy(zip, { rollbackOnError: true, singlePackage: true })
          .complete(true);
        const failures = (deployed.details as unknown as { componentFailures?: unknown }).componentFailures;
        expect(failures ?? [], JSON.stringify(failures)).to.deep.equal([]);
        expect(findApp(emulator.state, 'Every_Field')).to.not.equal(undefined);
      } finally {
        await emulator.close();
      }
    });
  }
});
