/*
 * Runs a parsed SOQL query over the org state and shapes the answer as the REST query resource does:
 * `{ totalSize, done, records: [{ attributes: { type, url }, … }] }`.
 */
import { type Condition, type Literal, SoqlError, parseSoql } from './soqlParser.js';
import { type ObjectDef, type Row, objectByName } from './soqlObjects.js';
import { type OrgState } from './state.js';

export type QueryResult = { totalSize: number; done: boolean; records: Row[] };

/** A resolved field path: the relationship (if any) and the canonical field name. */
type FieldPath = { relationship?: string; target: ObjectDef; field: string };

const noSuchColumn = (field: string, object: string): SoqlError =>
  new SoqlError(
    'INVALID_FIELD',
    `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

function resolve(object: ObjectDef, path: string): FieldPath {
  const parts = path.split('.');
  if (parts.length > 2) throw noSuchColumn(path, object.name);
  const [first, second] = parts;
  if (second === undefined) {
    const field = object.fields.find((f) => f.toLowerCase() === first.toLowerCase());
    if (!field) throw noSuchColumn(first, object.name);
    return { target: object, field };
  }
  const relationship = Object.keys(object.relationships).find((r) => r.toLowerCase() === first.toLowerCase());
  if (!relationship)
    throw new SoqlError(
      'INVALID_FIELD',
      `Didn't understand relationship '${first}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  const target = objectByName(object.relationships[relationship].object)!;
  const field = target.fields.find((f) => f.toLowerCase() === second.toLowerCase());
  if (!field) throw noSuchColumn(second, target.name);
  return { relationship, target, field };
}

const recordUrl = (object: string, id: unknown, version: string): string =>
  `/services/data/${version}/sobjects/${object}/${String(id)}`;

function related(state: OrgState, object: ObjectDef, row: Row, relationship: string): Row | undefined {
  const rel = object.relationships[relationship];
  const id = row[rel.idField];
  if (typeof id !== 'string') return undefined;
  return objectByName(rel.object)!
    .rows(state)
    .find((r) => r.Id === id);
}

function valueOf(state: OrgState, object: ObjectDef, row: Row, path: FieldPath): unknown {
  if (!path.relationship) return row[path.field];
  return related(state, object, row, path.relationship)?.[path.field] ?? null;
}

const isIdField = (field: string): boolean => field === 'Id' || field.endsWith('Id');

function compare(actual: unknown, expected: Literal, field: string): number | undefined {
  if (actual === null || actual === undefined || expected === null)
    return actual === expected || (actual == null && expected === null) ? 0 : undefined;
  if (typeof actual === 'string' && typeof expected === 'string') {
    if (isIdField(field)) return actual.slice(0, 15) === expected.slice(0, 15) ? 0 : actual < expected ? -1 : 1;
    const a = actual.toLowerCase();
    const b = expected.toLowerCase();
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (typeof actual === typeof expected)
    return actual === expected ? 0 : (actual as number) < (expected as number) ? -1 : 1;
  return undefined;
}

const likeToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/%/g, '.*')
      .replace(/_/g, '.')}$`,
    'i',
  );

function matches(state: OrgState, object: ObjectDef, row: Row, condition: Condition): boolean {
  switch (condition.kind) {
    case 'and':
      return matches(state, object, row, condition.left) && matches(state, object, row, condition.right);
    case 'or':
      return matches(state, object, row, condition.left) || matches(state, object, row, condition.right);
    case 'not':
      return !matches(state, object, row, condition.operand);
    case 'in': {
      const path = resolve(object, condition.field);
      const actual = valueOf(state, object, row, path);
      const found = condition.values.some((v) => compare(actual, v, path.field) === 0);
      return condition.negated ? !found : found;
    }
    case 'compare': {
      const path = resolve(object, condition.field);
      const actual = valueOf(state, object, row, path);
      if (condition.op === 'like')
        return typeof actual === 'string' && likeToRegExp(String(condition.value)).test(actual);
      const order = compare(actual, condition.value, path.field);
      if (condition.op === '!=') return order !== 0;
      if (order === undefined) return false;
      return { '=': order === 0, '<': order < 0, '>': order > 0, '<=': order <= 0, '>=': order >= 0 }[condition.op];
    }
  }
}

/** One entry of the query resource's `columnMetadata` (GET …/query?q=…&columns=true). */
export type ColumnMetadata = {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
};

export type ColumnsResult = {
  columnMetadata: ColumnMetadata[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string;
};

const apexTypeOf = (field: string): string =>
  field === 'Id' || field.endsWith('Id') ? 'Id' : /^(Is[A-Z]|Permissions)/.test(field) ? 'Boolean' : 'String';

function column(field: string, displayName: string): ColumnMetadata {
  const apexType = apexTypeOf(field);
  return {
    aggregate: false,
    apexType,
    booleanType: apexType === 'Boolean',
    columnName: field,
    custom: false,
    displayName,
    foreignKeyName: null,
    insertable: false,
    joinColumns: [],
    numberType: false,
    textType: apexType === 'String',
    updatable: false,
  };
}

/**
 * What the query resource answers with `columns=true` (what `sf data query` asks first, to lay out its table): the
 * selected columns without running the query, a relationship's fields as `joinColumns` of one column named after the
 * relationship, `COUNT()` as no column at all.
 */
export function queryColumns(soql: string): ColumnsResult {
  const query = parseSoql(soql);
  const object = objectByName(query.object);
  if (!object) throw unsupportedObject(query.object);
  const columns: ColumnMetadata[] = [];
  for (const path of query.count ? [] : query.fields.map((f) => resolve(object, f))) {
    if (!path.relationship) {
      columns.push(column(path.field, path.field));
      continue;
    }
    let parent = columns.find((c) => c.columnName === path.relationship && c.joinColumns.length > 0);
    if (!parent) {
      parent = { ...column(path.relationship, path.relationship), apexType: null, textType: false, joinColumns: [] };
      columns.push(parent);
    }
    parent.joinColumns.push(column(path.field, `${path.relationship}.${path.field}`));
  }
  return {
    columnMetadata: columns,
    entityName: object.name,
    groupBy: false,
    idSelected: columns.some((c) => c.columnName === 'Id'),
    keyPrefix: object.keyPrefix,
  };
}

const unsupportedObject = (name: string): SoqlError =>
  new SoqlError(
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

/** Runs one SOQL statement; throws SoqlError (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE) like the org. */
export function runQuery(state: OrgState, soql: string, version = 'v66.0'): QueryResult {
  const query = parseSoql(soql);
  const object = objectByName(query.object);
  if (!object) throw unsupportedObject(query.object);
  const paths = query.fields.map((f) => resolve(object, f));
  const checkFields = (c: Condition): void => {
    if (c.kind === 'not') checkFields(c.operand);
    else if ('field' in c) resolve(object, c.field);
    else {
      checkFields(c.left);
      checkFields(c.right);
    }
  };
  if (query.where) checkFields(query.where);
  let rows = object.rows(state).filter((row) => !query.where || matches(state, object, row, query.where));
  for (const order of [...query.orderBy].reverse()) {
    const path = resolve(object, order.field);
    rows = [...rows].sort(
      (a, b) =>
        (compare(valueOf(state, object, a, path), valueOf(state, object, b, path) as Literal, path.field) ?? 0) *
        (order.descending ? -1 : 1),
    );
  }
  rows = rows.slice(query.offset ?? 0, query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit);
  if (query.count) return { totalSize: rows.length, done: true, records: [] };
  const records = rows.map((row) => {
    const record: Row = { attributes: { type: object.name, url: recordUrl(object.name, row.Id, version) } };
    for (const path of paths) {
      if (!path.relationship) {
        record[path.field] = row[path.field] ?? null;
        continue;
      }
      const target = related(state, object, row, path.relationship);
      if (!target) {
        record[path.relationship] = null;
        continue;
      }
      const nested = (record[path.relationship] as Row | undefined) ?? {
        attributes: { type: path.target.name, url: recordUrl(path.target.name, target.Id, version) },
      };
      nested[path.field] = target[path.field] ?? null;
      record[path.relationship] = nested;
    }
    return record;
  });
  return { totalSize: records.length, done: true, records };
}
