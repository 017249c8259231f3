import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const CLI = join(__dirname, '../../tools/cli/bin/tributary.js');

/** Runs `tributary connector run filesystem --once` as a user would, returning its summary line. */
export async function runFilesystemConnector(root: string, source: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [CLI, 'connector', 'run', 'filesystem', '--root', root, '--source', source, '--once'],
    { timeout: 60_000 },
  );
  return stdout.trim();
}
