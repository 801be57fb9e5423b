/*
 * Plain-text columns for human output. Cheaper than a rendered table (no terminal-size probe, no rendering
 * library at run time), and it reads the same in a terminal, a CI log or a file.
 */

/** Lay rows out in columns aligned on the widest cell, two spaces apart, each line indented; no trailing spaces. */
export function alignColumns(rows: ReadonlyArray<readonly string[]>, indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
  );
}
