import { InvalidArgumentError, type Command } from 'commander';
import { TenantSettingsRepository } from '@tributary/auth-data-access';
import {
  linearNormalizations,
  tenantSchema,
  tenantSettingsV1Schema,
  type FusionV1,
} from '@tributary/contracts';
import { UsageError } from './connector.factory';
import { withRedis } from './redis-command';

interface FusionFlags {
  fusion: string;
  k?: number;
  normalization?: string;
  bm25Weight?: number;
  vectorWeight?: number;
}

const number = (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('must be a number');
  return parsed;
};

/** `tributary tenants set|list`: per-tenant search defaults the gateway applies within 5 s. */
export function registerTenantCommands(program: Command): void {
  const tenants = program.command('tenants').description('per-tenant search defaults');

  tenants
    .command('set')
    .description('set the fusion a tenant’s hybrid searches use when a request names none')
    .argument('<tenant>', 'the tenant, as on its API keys')
    .requiredOption('--fusion <method>', 'rrf or linear')
    .option('--k <k>', 'RRF: the k in 1 / (k + rank)', number)
    .option('--normalization <n>', `linear: ${linearNormalizations.join(' or ')}`)
    .option('--bm25-weight <w>', 'linear: weight of the BM25 score', number)
    .option('--vector-weight <w>', 'linear: weight of the vector score', number)
    .action(async (tenant: string, flags: FusionFlags) => {
      const settings = { fusion: fusionFrom(flags) };
      if (!tenantSchema.safeParse(tenant).success) throw new UsageError(`"${tenant}" is not a tenant name`);
      await withRedis((redis) => new TenantSettingsRepository(redis).set(tenant, settings));
      process.stdout.write(`tenant ${tenant}: ${JSON.stringify(settings)}\n`);
    });

  tenants
    .command('list')
    .description('list the tenants that have settings')
    .action(async () => {
      const all = await withRedis((redis) => new TenantSettingsRepository(redis).list());
      for (const { tenant, settings } of all)
        process.stdout.write(`${tenant}\t${JSON.stringify(settings)}\n`);
      if (all.length === 0)
        process.stdout.write('no tenant settings (every tenant uses the gateway’s default fusion)\n');
    });
}

/** The flags as a fusion the contract accepts, or a UsageError naming what is wrong. */
export function fusionFrom(flags: FusionFlags): FusionV1 {
  const weights =
    flags.bm25Weight !== undefined || flags.vectorWeight !== undefined
      ? { bm25: flags.bm25Weight ?? 0, vector: flags.vectorWeight ?? 0 }
      : undefined;
  const candidate =
    flags.fusion === 'rrf'
      ? { method: 'rrf', k: flags.k }
      : { method: flags.fusion, normalization: flags.normalization, weights };
  // Absent flags are absent members, not undefined ones: the schema is strict.
  const fusion = Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined));
  const parsed = tenantSettingsV1Schema.safeParse({ fusion });
  if (!parsed.success || !parsed.data.fusion)
    throw new UsageError(
      `invalid fusion: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? ''}`,
    );
  return parsed.data.fusion;
}
