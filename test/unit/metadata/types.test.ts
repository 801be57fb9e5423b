import { expect } from 'chai';
import { RegistryAccess } from '@salesforce/source-deploy-retrieve';
import { componentNameOf, ECA_TYPES, ecaType, fileNameFor, relativePathFor } from '../../../src/metadata/types.js';

describe('the ECA type table', () => {
  const registry = new RegistryAccess();

  it('lists the five types of one OAuth app', () => {
    expect(ECA_TYPES.map((t) => t.name)).to.deep.equal([
      'ExternalClientApplication',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthSettings',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppConfigurablePolicies',
    ]);
  });

  for (const type of ECA_TYPES) {
    it(`matches source-deploy-retrieve's registry for ${type.name}`, () => {
      const bySuffix = registry.getTypeBySuffix(type.suffix);
      expect(bySuffix?.name).to.equal(type.name);
      expect(bySuffix?.directoryName).to.equal(type.folder);
      expect(registry.getTypeByName(type.name).suffix).to.equal(type.suffix);
    });
  }

  it('names every file after the app', () => {
    expect(fileNameFor(ecaType('app'), 'My_App')).to.equal('My_App.eca-meta.xml');
    expect(relativePathFor(ecaType('oauthPolicies'), 'My_App')).to.equal(
      'extlClntAppOauthPolicies/My_App.ecaOauthPlcy-meta.xml',
    );
    expect(componentNameOf(ecaType('globalOauthSettings'), 'My_App.ecaGlblOauth-meta.xml')).to.equal('My_App');
    expect(componentNameOf(ecaType('oauthSettings'), 'My_App.ecaGlblOauth-meta.xml')).to.equal(undefined);
  });
});
