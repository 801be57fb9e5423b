/*
 * A Connected App with every field of the v66 schema (CONNECTED_APP_SCHEMA), each with a value the field takes: the
 * input of the tests that check no field is dropped and that every part the conversion writes is valid.
 */
import { CONNECTED_APP_SCHEMA, type ConnectedAppTypeName } from '../../src/model/connectedApp.js';

/** A Connected App with every field of the schema, each with a value the field takes. */
export function everyFieldXml(): string {
  const special: Record<string, string> = {
    contactEmail: 'a@example.com',
    contactPhone: '+1 415 555 0100',
    logoUrl: 'https://a.example.com/logo.png',
    iconUrl: 'https://a.example.com/icon.png',
    infoUrl: 'https://a.example.com/info',
    startUrl: 'https://a.example.com/start',
    singleLogoutUrl: 'https://a.example.com/logout',
    callbackUrl: 'https://a.example.com/cb',
    scopes: 'Api',
    ipRelaxation: 'ENFORCE',
    refreshTokenPolicy: 'zero',
    sessionLevel: 'STANDARD',
    policyAction: 'Block',
    oauthClientCredentialUser: 'run@example.com',
  };
  const body = (type: ConnectedAppTypeName): string =>
    Object.entries(CONNECTED_APP_SCHEMA[type])
      .map(([name, definition]) => {
        const complex = !['string', 'boolean', 'int'].includes(definition.kind);
        const value = complex
          ? body(definition.kind as ConnectedAppTypeName)
          : (special[name] ??
            definition.values?.[0] ??
            (definition.kind === 'boolean' ? 'true' : definition.kind === 'int' ? '5' : `x_${name}`));
        return `<${name}>${value}</${name}>`;
      })
      .join('');
  return body('ConnectedApp');
}
