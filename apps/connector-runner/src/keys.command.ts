import type { Command } from 'commander';
import { ANY_PRINCIPAL, API_KEY_SCOPES } from '@tributary/contracts';
import {
  ApiKeyRepository,
  InvalidApiKeyInputError,
  isApiKeyId,
  validateApiKeyInput,
  type ApiKeyInput,
} from '@tributary/auth-data-access';
import { UsageError } from './connector.factory';
import { formatApiKeyTable, formatCreatedKey } from './keys.format';
import { withRedis } from './redis-command';

interface CreateFlags {
  name?: string;
  tenant?: string;
  scope: string[];
  principal: string[];
  rateLimit?: string;
}

/** `tributary keys create|list|revoke`: operator commands for the API keys the gateway accepts. */
export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('create, list and revoke API keys');
  const collect = (value: string, previous: string[]) => [...previous, value];

  keys
    .command('create')
    .description('create an API key for one tenant; the key is printed once and never stored')
    .option('--name <name>', 'what the key is for (1-64 characters)')
    .option('--tenant <tenant>', 'the tenant the key acts for, e.g. default')
    .option('--scope <scope>', `granted scope, repeatable: ${API_KEY_SCOPES.join(', ')}`, collect, [])
    .option(
      '--principal <principal>',
      `a principal the key may read ACL'd documents for, repeatable; "${ANY_PRINCIPAL}" for any (default: public documents only)`,
      collect,
      [],
    )
    .option('--rate-limit <per-minute>', "requests per minute (default: the gateway's RATE_LIMIT_PER_MINUTE)")
    .option('--json', 'print { key, record } as JSON for scripts')
    .action(async (flags: CreateFlags & { json?: boolean }) => {
      const input = createInput(flags);
      await withRepository(async (repository) => {
        const { key, record } = await repository.create(input);
        print(flags.json ? JSON.stringify({ key, record }) : formatCreatedKey(key, record));
      });
    });

  keys
    .command('list')
    .description('list API keys, revoked ones included (never their secrets)')
    .option('--json', 'print JSON for machines')
    .action(async (flags: { json?: boolean }) => {
      await withRepository(async (repository) => {
        const records = await repository.list();
        print(flags.json ? JSON.stringify(records, null, 2) : formatApiKeyTable(records));
      });
    });

  keys
    .command('revoke')
    .description('revoke an API key: the gateway refuses it from then on')
    .argument('<id>', 'the key id (12 hex characters, as `keys list` shows)')
    .action(async (id: string) => {
      if (!isApiKeyId(id)) throw new UsageError(`"${id}" is not an API key id (12 lowercase hex characters)`);
      await withRepository(async (repository) => {
        if (!(await repository.revoke(id))) throw new Error(`no API key with id ${id}`);
        print(`revoked API key ${id}`);
      });
    });
}

/** The validated input of `keys create`, or a UsageError naming what is wrong. */
export function createInput(flags: CreateFlags): ApiKeyInput {
  if (flags.name === undefined) throw new UsageError('keys create needs --name <name>');
  if (flags.tenant === undefined) throw new UsageError('keys create needs --tenant <tenant>');
  if (flags.scope.length === 0)
    throw new UsageError(`keys create needs --scope <scope> (repeatable): ${API_KEY_SCOPES.join(', ')}`);
  const rateLimitPerMinute = flags.rateLimit === undefined ? undefined : parseRateLimit(flags.rateLimit);
  try {
    return validateApiKeyInput({
      name: flags.name,
      tenant: flags.tenant,
      scopes: flags.scope,
      principals: flags.principal,
      rateLimitPerMinute,
    });
  } catch (error) {
    if (error instanceof InvalidApiKeyInputError) throw new UsageError(error.message);
    throw error;
  }
}

function parseRateLimit(text: string): number {
  if (!/^\d+$/.test(text))
    throw new UsageError(`--rate-limit takes a whole number of requests per minute, not "${text}"`);
  return Number(text);
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function withRepository(work: (repository: ApiKeyRepository) => Promise<void>): Promise<void> {
  return withRedis((redis) => work(new ApiKeyRepository(redis)));
}
