// Chinese → toneless pinyin through pinyin-pro (maintained, no dependencies, knows polyphonic
// place names such as 重庆 chongqing and 长沙 changsha). Loaded lazily, like the lunar calendar:
// only a command that meets a Chinese place name the gazetteer does not know pays for it.
import type { Romanize } from './places.js';

let loaded: Romanize | undefined;

export async function loadRomanizer(): Promise<Romanize> {
  if (loaded) return loaded;
  type Lib = { pinyin(s: string, o: { toneType: 'none'; type: 'array' }): string[] };
  const mod = (await import('pinyin-pro')) as unknown as Lib & { default?: Lib };
  const pinyin = (mod.pinyin ?? mod.default?.pinyin)!;
  loaded = (s) => pinyin(s, { toneType: 'none', type: 'array' }).join('');
  return loaded;
}
