// Saved column mappings: `--save-map NAME` stores a run's --map overrides, `--map-name NAME` reuses them.
import { getMeta, metaKeys, setMeta } from '../../db/meta.js';
import { NotFoundError, UsageError } from '../../domain/errors.js';
import { parseMapOverrides } from '../../domain/import-mapping.js';
import type { ServiceContext } from '../context.js';
import type { ImportOptions } from './types.js';

const MAP_META = 'import.map.';

export async function loadOverrides(ctx: ServiceContext, opts: Pick<ImportOptions, 'kind' | 'map' | 'mapName'>): Promise<Record<string, string>> {
  let saved: Record<string, string> = {};
  if (opts.mapName) {
    const v = await getMeta(ctx.db, MAP_META + opts.mapName);
    if (!v) throw new NotFoundError(`no saved mapping "${opts.mapName}"`, 'list them with: crm import maps');
    saved = JSON.parse(v) as Record<string, string>;
  }
  try {
    return { ...saved, ...parseMapOverrides(opts.kind, opts.map ?? []) };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function saveMap(ctx: ServiceContext, name: string, overrides: Record<string, string>): Promise<void> {
  await setMeta(ctx.db, MAP_META + name, JSON.stringify(overrides));
}

export async function savedMaps(ctx: ServiceContext): Promise<{ name: string; mapping: Record<string, string> }[]> {
  const rows = await metaKeys(ctx.db, MAP_META);
  return rows.map((r) => ({ name: r.key.slice(MAP_META.length), mapping: JSON.parse(r.value) as Record<string, string> }));
}
