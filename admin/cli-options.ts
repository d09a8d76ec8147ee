import { Option } from 'commander';
import { DIALECTS } from '../lib/warehouses.js';

/** `--warehouse`, overriding WAREHOUSE for one command. */
export const warehouseOption = () => new Option('--warehouse <name>', `${DIALECTS.join(', ')} (overrides WAREHOUSE)`).choices(DIALECTS);
