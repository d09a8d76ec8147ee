import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../lib/cli/table.js';

describe('tables', () => {
  it('off a terminal: aligned columns, no colour codes, no borders', () => {
    expect(
      renderTable(
        ['migration', 'state'],
        [
          ['001_create_tables', 'applied'],
          ['002_x', 'pending'],
        ],
        false,
      ),
    ).toBe(['migration          state', '001_create_tables  applied', '002_x              pending'].join('\n'));
  });

  it('on a terminal: the boxed table', () => {
    const boxed = renderTable(['a'], [['1']], true);
    expect(boxed).toContain('┌');
    expect(stripVTControlCharacters(boxed)).toContain('│ 1 │');
  });
});
