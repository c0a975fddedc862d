/**
 * Local wall-clock time of one zone: wall time → instant with the 'compatible' rule (spec §1.3),
 * local day numbers, and per-day facts cached in blocks of 256 days: the instant each local day
 * starts, and which days are irregular (their clock is not a plain 24 h run at one offset, i.e.
 * days with a UTC-offset change). Module-level memo per zone (pure, deterministic).
 */
import { MS_PER_DAY, MS_PER_MINUTE, civilFromDays, pad2 } from './civil-date.js';
import { ZoneOffsets, zoneOffsets } from './zone-offsets.js';

const BLOCK_DAYS = 256;
/** How many blocks `nextIrregularDay` looks ahead before answering with a barrier day. */
const LOOKAHEAD_BLOCKS = 3;

interface DayBlock {
  readonly first: number;
  /** starts[i] = instant at which local day first+i starts; BLOCK_DAYS + 1 entries. */
  readonly starts: Float64Array;
  /** Sorted irregular day numbers in this block. */
  readonly irregular: Int32Array;
}

export class LocalDays {
  readonly offsets: ZoneOffsets;
  private readonly blocks = new Map<number, DayBlock>();
  private lastBlock: DayBlock | null = null;

  constructor(readonly zone: string) {
    this.offsets = zoneOffsets(zone);
  }

  /**
   * Instant of a local wall time given as ms since 1970-01-01T00:00 local ('compatible'): a wall
   * time in a gap moves forward by the gap's length, one that occurs twice takes the earlier instant.
   */
  localToUtc(wallMs: number): number {
    return this.resolve(wallMs, false);
  }

  /** Instant at which local day `dayNumber` starts (its 00:00; if 00:00 is skipped, the instant the clock jumps). */
  dayStart(dayNumber: number): number {
    let block = this.lastBlock;
    if (block === null || dayNumber < block.first || dayNumber >= block.first + BLOCK_DAYS) {
      block = this.block(Math.floor(dayNumber / BLOCK_DAYS));
      this.lastBlock = block;
    }
    return block.starts[dayNumber - block.first];
  }

  /** The local day that contains instant `ms` (days partition time as [dayStart(d), dayStart(d+1))). */
  dayOf(ms: number): number {
    let dn = Math.floor((ms + this.offsets.offsetAt(ms)) / MS_PER_DAY);
    while (ms < this.dayStart(dn)) dn--;
    while (ms >= this.dayStart(dn + 1)) dn++;
    return dn;
  }

  /**
   * First irregular day >= dayNumber, or a barrier day (which may be regular) at most
   * LOOKAHEAD_BLOCKS blocks ahead: callers treat the answer as "days before it are regular".
   */
  nextIrregularDay(dayNumber: number): number {
    const b = Math.floor(dayNumber / BLOCK_DAYS);
    for (let k = 0; k < LOOKAHEAD_BLOCKS; k++) {
      const irregular = this.block(b + k).irregular;
      for (let i = 0; i < irregular.length; i++) if (irregular[i] >= dayNumber) return irregular[i];
    }
    return (b + LOOKAHEAD_BLOCKS) * BLOCK_DAYS;
  }

  isIrregular(dayNumber: number): boolean {
    return this.block(Math.floor(dayNumber / BLOCK_DAYS)).irregular.includes(dayNumber);
  }

  /** ISO 8601 local time with offset, e.g. "2025-06-13T10:00:00-04:00" (ms shown only when non-zero). */
  formatIso(ms: number): string {
    const offset = this.offsets.offsetAt(ms);
    const wall = ms + offset;
    const dn = Math.floor(wall / MS_PER_DAY);
    const { year, month, day } = civilFromDays(dn);
    const t = wall - dn * MS_PER_DAY;
    const msPart = t % 1000;
    const clock = `${pad2(Math.floor(t / 3_600_000))}:${pad2(Math.floor(t / MS_PER_MINUTE) % 60)}:${pad2(Math.floor(t / 1000) % 60)}`;
    return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${clock}${msPart ? `.${String(msPart).padStart(3, '0')}` : ''}${formatOffset(offset)}`;
  }

  private block(index: number): DayBlock {
    let block = this.blocks.get(index);
    if (!block) {
      block = this.buildBlock(index);
      this.blocks.set(index, block);
    }
    return block;
  }

  private buildBlock(index: number): DayBlock {
    const first = index * BLOCK_DAYS;
    const starts = new Float64Array(BLOCK_DAYS + 1);
    for (let i = 0; i <= BLOCK_DAYS; i++) starts[i] = this.resolve((first + i) * MS_PER_DAY, true);
    const irregular: number[] = [];
    for (let i = 0; i < BLOCK_DAYS; i++) {
      if (starts[i + 1] - starts[i] !== MS_PER_DAY || this.offsets.changesWithin(starts[i], starts[i + 1])) {
        irregular.push(first + i);
      }
    }
    return { first, starts, irregular: Int32Array.from(irregular) };
  }

  /**
   * 'compatible' resolution. With `clampGap`, a wall time inside a gap resolves to the instant the
   * clock jumps (used for day starts, so that days partition time and never overlap).
   */
  private resolve(wall: number, clampGap: boolean): number {
    const o = this.offsets;
    const before = o.offsetAt(wall - MS_PER_DAY);
    const after = o.offsetAt(wall + MS_PER_DAY);
    const tBefore = wall - before;
    const tAfter = wall - after;
    const okBefore = o.offsetAt(tBefore) === before;
    const okAfter = o.offsetAt(tAfter) === after;
    if (okBefore && okAfter) return Math.min(tBefore, tAfter); // fold (or no change): earlier instant
    if (okBefore) return tBefore;
    if (okAfter) return tAfter;
    // Gap: shifting forward by the gap's length is the pre-transition offset, i.e. the later candidate.
    const lo = Math.min(tBefore, tAfter);
    const hi = Math.max(tBefore, tAfter);
    return clampGap ? o.firstChangeAfter(lo, hi) : hi;
  }
}

const zones = new Map<string, LocalDays>();

/** Shared per-zone local-day tables (the zone must already be known valid). */
export function localDays(zone: string): LocalDays {
  let days = zones.get(zone);
  if (!days) {
    days = new LocalDays(zone);
    zones.set(zone, days);
  }
  return days;
}

/** "+05:45", "-04:00", "+00:00"; seconds only for historical offsets that have them. */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const abs = Math.abs(offsetMs) / 1000;
  const h = Math.floor(abs / 3600);
  const m = Math.floor(abs / 60) % 60;
  const s = abs % 60;
  return `${sign}${pad2(h)}:${pad2(m)}${s ? `:${pad2(s)}` : ''}`;
}
