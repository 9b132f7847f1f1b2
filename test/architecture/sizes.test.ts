/**
 * The size limits of the developers' guide, measured as `npx tsx scripts/code-sizes.ts` does:
 * no function in workflows/, activities/ or api/ of 80 lines or more, no source file over 300.
 */
import { MAX_FILE_LINES, MAX_FUNCTION_LINES, measure } from '../../scripts/code-sizes';

const FUNCTION_FOLDERS = ['workflows', 'activities', 'api'];

const { sizes, functions } = measure();
const overFunctions = functions
  .filter((f) => FUNCTION_FOLDERS.includes(f.file.split('/')[0]) && f.lines >= MAX_FUNCTION_LINES)
  .map((f) => `${f.file} ${f.name}`);

test('the measurement sees the source', () => {
  expect(sizes.length).toBeGreaterThan(100);
  expect(functions.length).toBeGreaterThan(500);
});

test(`no function in ${FUNCTION_FOLDERS.join('/, ')}/ of ${MAX_FUNCTION_LINES} lines or more`, () => {
  expect(overFunctions).toEqual([]);
});

test(`no source file over ${MAX_FILE_LINES} lines`, () => {
  expect(sizes.filter((s) => s.lines > MAX_FILE_LINES).map((s) => `${s.file} (${s.lines})`)).toEqual([]);
});
