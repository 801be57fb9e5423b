/*
 * What the Connected App reader could not take (an element the v66 schema lacks, a value of the wrong kind, a field
 * given twice) as rows of the mapping table: not carried over, with the place and the reason. Nothing is dropped
 * silently.
 */
import { Messages } from '../messages.js';
import { type ConnectedAppFile } from '../metadata/connectedApp.js';
import { type MappingRow } from '../model/convertConnectedApp.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'convert');

export function readerRows(file: ConnectedAppFile): MappingRow[] {
  return file.problems
    .filter((p) => p.code === 'unknownElement' || p.code === 'badValue' || p.code === 'duplicate')
    .map((p) => ({
      field: p.field,
      value: p.text ?? '',
      fate: 'not carried over',
      note: messages.getMessage(`row.${p.code}`, [(p.expected ?? []).join(', ')]),
      location: { line: p.line, column: p.column },
    }));
}
