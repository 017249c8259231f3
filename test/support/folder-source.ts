import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder of Markdown files whose (docId, version) set is what the index must converge to. */
export class FolderSource {
  private constructor(readonly root: string) {}

  static async create(): Promise<FolderSource> {
    return new FolderSource(await mkdtemp(join(tmpdir(), 'tributary-source-')));
  }

  /** Writes a file with a distinct mtime (the filesystem connector's version). */
  async write(name: string, text: string, mtime: Date = new Date()): Promise<void> {
    const path = join(this.root, name);
    await writeFile(path, `# ${name}\n\n${text}`);
    await utimes(path, mtime, mtime);
  }

  async remove(name: string): Promise<void> {
    await rm(join(this.root, name));
  }

  /** Sorted [docId, version] of every file now: what the index must hold, exactly. */
  async expected(): Promise<Array<[string, number]>> {
    const names = (await readdir(this.root)).sort();
    return Promise.all(
      names.map(async (name): Promise<[string, number]> => [
        name,
        Math.floor((await stat(join(this.root, name))).mtimeMs),
      ]),
    );
  }

  dispose(): Promise<void> {
    return rm(this.root, { recursive: true, force: true });
  }
}
