import { runCli } from '../support/connector-process';
import { FolderSource } from '../support/folder-source';
import { uniqueName } from '@tributary/testing';

/** The mass-delete guard, through the CLI as an operator meets it. */
describe('the mass-delete guard', () => {
  let folder: FolderSource;
  const source = uniqueName('guard');
  const run = (...extra: string[]) =>
    runCli(['connector', 'run', 'filesystem', '--root', folder.root, '--source', source, '--once', ...extra]);

  beforeAll(async () => {
    folder = await FolderSource.create();
    for (let i = 0; i < 20; i++) await folder.write(`doc-${i}.md`, `text ${i}`);
  });

  afterAll(() => folder.dispose());

  it('refuses a pass that would delete most of a source, says why, exits 3, and deletes nothing', async () => {
    expect((await run()).stdout).toMatch(/seen=20 changed=20 deleted=0/);
    for (let i = 0; i < 15; i++) await folder.remove(`doc-${i}.md`);
    const refused = await run();
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(/seen=5 changed=0 deleted=0/);
    expect(refused.stdout).toMatch(/refused to delete 15 of 20 documents.*--force-deletes/);
    const listed = await runCli(['connector', 'list']);
    expect(listed.stdout).toMatch(new RegExp(`${source}[^]*REFUSED 15 deletes`));
  });

  it('deletes them when forced, and the next pass is quiet', async () => {
    const forced = await run('--force-deletes');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/seen=5 changed=0 deleted=15/);
    expect((await run()).stdout).toMatch(/seen=5 changed=0 deleted=0/);
  });

  it('never counts a handful of deletions (five or fewer) as a mass delete, whatever the share', async () => {
    await folder.remove('doc-15.md');
    const result = await run('--max-delete-share', '0.1');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/seen=4 changed=0 deleted=1/);
  });
});
