import Table from 'cli-table3';

export type Cell = string | number;

/**
 * A table for a person: boxed and coloured on a terminal (cli-table3); plain aligned columns without
 * colour codes or borders anywhere else (files, pipes, CI logs), so output stays greppable.
 */
export function renderTable(head: readonly string[], rows: readonly (readonly Cell[])[], tty = process.stdout.isTTY === true): string {
  if (tty) {
    const table = new Table({ head: [...head] });
    for (const row of rows) table.push([...row]);
    return table.toString();
  }
  const lines = [head, ...rows].map((row) => row.map(String));
  const widths = head.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  return lines
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
