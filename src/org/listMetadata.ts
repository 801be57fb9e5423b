/*
 * Listing the components of the types an audit reads: Metadata API listMetadata takes at most 3 queries per call
 * (Metadata API Developer Guide, listMetadata()), so the six types cost two calls however many apps the org holds.
 */
export const LIST_MAX_QUERIES = 3;

export type FileProperties = { type: string; fullName: string; fileName?: string; manageableState?: string };

/** What listing needs of a Connection. */
export type MetadataLister = {
  metadata: { list(queries: Array<{ type: string }>, version?: string): Promise<unknown> };
};

/** Every component of the types, by type; the calls go in parallel. */
export async function listComponents(
  connection: MetadataLister,
  types: readonly string[],
  version?: string,
): Promise<FileProperties[]> {
  const batches: string[][] = [];
  for (let start = 0; start < types.length; start += LIST_MAX_QUERIES) {
    batches.push(types.slice(start, start + LIST_MAX_QUERIES));
  }
  const answers = await Promise.all(
    batches.map((batch) =>
      connection.metadata.list(
        batch.map((type) => ({ type })),
        version,
      ),
    ),
  );
  return answers
    .flatMap((answer) => [answer ?? []].flat() as FileProperties[])
    .filter((item) => item && typeof item.fullName === 'string' && typeof item.type === 'string');
}
