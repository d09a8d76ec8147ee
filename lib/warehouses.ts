/** The warehouses the pipeline can land in (`WAREHOUSE`, `--warehouse`, `sql/<dialect>/`): the one list. */
export const DIALECTS = ['mssql', 'clickhouse', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

export const isDialect = (text: string): text is Dialect => (DIALECTS as readonly string[]).includes(text);
