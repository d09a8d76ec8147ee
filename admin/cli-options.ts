import { Option } from 'commander';
import { PipelineError } from '../lib/errors.js';
import { DIALECTS } from '../lib/warehouses.js';

/** `--warehouse`, overriding WAREHOUSE for one command. */
export const warehouseOption = () =>
  new Option('--warehouse <name>', 'mssql, clickhouse or postgres (overrides WAREHOUSE)').choices(DIALECTS);

export function positiveInteger(flag: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new PipelineError('USAGE', `${flag} "${text}" is not a positive whole number.`);
    return value;
  };
}

export function nonNegativeInteger(flag: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new PipelineError('USAGE', `${flag} "${text}" is not a whole number ≥ 0.`);
    return value;
  };
}
