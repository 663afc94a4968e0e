// Chinese lunisolar calendar → Gregorian, through lunar-javascript (maintained, no dependencies,
// covers 1900-2100). Loaded lazily: only lists that include a lunar holiday pay for it.
import type { LunarToSolar } from './holidays.js';

export async function loadLunar(): Promise<LunarToSolar> {
  type Lib = { Lunar: { fromYmd(y: number, m: number, d: number): { getSolar(): { toYmd(): string } } } };
  const mod = (await import('lunar-javascript')) as unknown as Lib & { default?: Lib };
  const Lunar = (mod.Lunar ?? mod.default?.Lunar)!;
  return (year, month, day) => Lunar.fromYmd(year, month, day).getSolar().toYmd();
}
