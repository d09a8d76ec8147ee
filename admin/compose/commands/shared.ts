import { choices } from '../../../lib/cli/value-parsers.js';
import { EXTRAS } from '../compose-plan.js';

export const parseExtras = choices('--with', EXTRAS, 'extra');
