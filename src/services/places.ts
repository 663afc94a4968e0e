// One place whatever its spelling, for the filters and visit plans: `--city Shenzhen` finds the
// accounts stored as 深圳, 深圳市 or Shenzhen, and a trip groups them as one city. The stored
// spellings are few (one distinct read of the (region, city) index); each is keyed in code.
import { distinctPlaceValues, type AccountFilter } from '../db/repositories/accounts.js';
import { loadRomanizer } from '../domain/romanize.js';
import { lookupPlace, needsRomanizer, placeKey, type Romanize } from '../domain/places.js';
import { normalizeSource } from '../domain/vocab.js';
import type { ServiceContext } from './context.js';

const CJK = /[\u3400-\u9fff]/;

/** The romaniser, loaded only when some of these names need it to be compared with the others. */
export async function romanizerFor(names: readonly (string | null | undefined)[]): Promise<Romanize | undefined> {
  const unknownCjk = names.some(needsRomanizer);
  const unknownLatin = names.some((n) => !!n && !CJK.test(n) && lookupPlace(n).length === 0);
  return unknownCjk && unknownLatin ? loadRomanizer() : undefined;
}

/** Every stored spelling of the city or region `input` names (the input itself when none is stored). */
export async function placeSpellings(ctx: ServiceContext, column: 'city' | 'region', inputs: string | readonly string[]): Promise<string[]> {
  const wanted = typeof inputs === 'string' ? [inputs] : inputs;
  const stored = await distinctPlaceValues(ctx.db, column);
  const rom = await romanizerFor([...wanted, ...stored]);
  const keys = new Set(wanted.map((w) => placeKey(w, null, rom)));
  const hits = stored.filter((v) => keys.has(placeKey(v, null, rom)));
  return hits.length ? hits : [...wanted];
}

/** The list filters as stored: places in every spelling, the lead source as its key (展会 → trade-show). */
export async function resolveFilter<T extends Pick<AccountFilter, 'city' | 'region' | 'source'>>(ctx: ServiceContext, f: T): Promise<T> {
  const out = { ...f };
  if (typeof f.city === 'string' && f.city) out.city = await placeSpellings(ctx, 'city', f.city);
  if (typeof f.region === 'string' && f.region) out.region = await placeSpellings(ctx, 'region', f.region);
  if (f.source) out.source = normalizeSource(f.source) ?? f.source;
  return out;
}
