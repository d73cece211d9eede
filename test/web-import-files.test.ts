import { describe, expect, it } from 'vitest';
import { FILE_KINDS } from '../server/data/format.js';
import { FORMAT_FILES, uploadProblems } from '../web/src/screens/import-files.js';

describe("the web client's import screen", () => {
  it("names exactly the interchange format's files", () => {
    expect([...FORMAT_FILES].sort()).toEqual(FILE_KINDS.map((k) => `${k}.csv`).sort());
  });
  it('refuses an upload without people.csv, with unknown files, too many or too large', () => {
    const people = { name: 'people.csv', content: 'id,name\np1,王伟\n' };
    expect(uploadProblems([people])).toEqual([]);
    expect(uploadProblems([])).toEqual([{ key: 'import.error.none' }]);
    expect(uploadProblems([{ name: 'ties.csv', content: 'from,to\n' }]).map((p) => p.key)).toEqual(['import.error.people']);
    expect(uploadProblems([people, { name: 'notes.txt', content: '' }])).toEqual([{ key: 'import.error.unknown', values: { names: 'notes.txt' } }]);
    const many = Array.from({ length: 17 }, (_, i) => ({ name: i === 0 ? 'people.csv' : 'ties.csv', content: '' }));
    expect(uploadProblems(many).map((p) => p.key)).toEqual(['import.error.tooMany']);
    // 400,000 Chinese characters are 1.2 MB of UTF-8: over the HTTP body limit though under the character limit
    expect(uploadProblems([{ name: 'people.csv', content: '王'.repeat(400_000) }]).map((p) => p.key)).toEqual(['import.error.tooBig']);
  });
});
