/**
 * Calendar engine benchmark (shared/notes/business-time.md §4): ours vs moment-business-time@2.0.0
 * (+ moment-timezone), the functional peer, on the same pre-generated inputs.
 *
 *   npx tsx bench/calendar.ts          (npm run bench:calendar)
 *
 * 1. Correctness gate: every workload runs through both libraries; disagreements are counted and
 *    classified (boundary semantics, DST, 24:00 written as 23:59:59, ...) before anything is timed.
 * 2. Timing: one tinybench run with both libraries, medians per operation and the ratio.
 * The process runs in America/New_York (the peer uses the process zone); our engine ignores it.
 */
process.env.TZ = 'America/New_York';

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Bench } from 'tinybench';
import type { Moment } from 'moment-timezone';
import {
  type CalendarDefinition,
  type CompiledCalendar,
  compileCalendar,
  deadline,
  elapsedMs,
} from '../src/calendar/index.js';

const require = createRequire(import.meta.url);
const moment = require('moment-timezone') as typeof import('moment-timezone');
require('moment-business-time');

type BizMoment = Moment & {
  addWorkingTime(amount: number, unit: 'minutes'): BizMoment;
  workingDiff(other: Moment, unit: 'minutes', detail: true): number;
};

const ZONE = 'America/New_York';
const MIN = 60_000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Calendars: S1 office with lunch + 20 US federal holidays, S4 night shift (§4.3)

const HOLIDAYS = [
  '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01',
  '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25', '2026-01-01', '2026-01-19', '2026-02-16',
  '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11',
];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const officeDef = (version: number): CalendarDefinition => ({
  id: 'office',
  version,
  timeZone: ZONE,
  weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, [['08:00', '12:00'], ['13:00', '17:00']]])),
  holidays: HOLIDAYS.map((date) => ({ date })),
});
const nightDef: CalendarDefinition = { timeZone: ZONE, weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, [['22:00', '06:00']]])) };

const office = compileCalendar(officeDef(1));
const night = compileCalendar(nightDef);

// The peer's configuration: moment locale data, global to the process (mbt has no per-call calendar).
// It cannot write 24:00 (mbt#59), so the night shift's midnight is 23:59:59.
type PeerProfile = 'office' | 'night';
const DAY_SEGMENTS = ['08:00:00', '12:00:00', '13:00:00', '17:00:00'];
const NIGHT_START = ['22:00:00', '23:59:59'];
const NIGHT_CARRY = ['00:00:00', '06:00:00', '22:00:00', '23:59:59'];
const PEER_CONFIG: Record<PeerProfile, { workinghours: Record<number, string[] | null>; holidays: string[] }> = {
  office: { workinghours: { 0: null, 1: DAY_SEGMENTS, 2: DAY_SEGMENTS, 3: DAY_SEGMENTS, 4: DAY_SEGMENTS, 5: DAY_SEGMENTS, 6: null }, holidays: HOLIDAYS },
  night: { workinghours: { 0: null, 1: NIGHT_START, 2: NIGHT_CARRY, 3: NIGHT_CARRY, 4: NIGHT_CARRY, 5: NIGHT_CARRY, 6: ['00:00:00', '06:00:00'] }, holidays: [] },
};
let peerProfile: PeerProfile | undefined;
function configurePeer(profile: PeerProfile, force = false): void {
  if (profile === peerProfile && !force) return;
  moment.updateLocale('en', PEER_CONFIG[profile] as unknown as moment.LocaleSpecification);
  peerProfile = profile;
}
const peerDeadline = (ms: number, minutes: number): number => (moment.tz(ms, ZONE) as BizMoment).addWorkingTime(minutes, 'minutes').valueOf();
const peerElapsed = (from: number, to: number): number => (moment.tz(to, ZONE) as BizMoment).workingDiff(moment.tz(from, ZONE), 'minutes', true);

// ---------------------------------------------------------------------------------------------
// Inputs: seeded PRNG, minute-grid starts in 2025-2026

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const rnd = mulberry32(20250612);
const N_INPUTS = 1_000;
const minuteIn = (from: number, to: number): number => from + Math.floor(rnd() * ((to - from) / MIN)) * MIN;
const Y2025 = Date.UTC(2025, 0, 1);
const Y2027 = Date.UTC(2027, 0, 1);
const DST_CHANGES = ['2025-03-09T07:00:00Z', '2025-11-02T06:00:00Z', '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'].map(Date.parse);
const randomStarts = (): number[] => Array.from({ length: N_INPUTS }, () => minuteIn(Y2025, Y2027));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
/** Starts within 3 days of a DST change. */
const dstWeekStarts = (): number[] => Array.from({ length: N_INPUTS }, () => {
  const c = pick(DST_CHANGES);
  return minuteIn(c - 3 * DAY, c + 3 * DAY);
});
/** Starts 10..80 days before a DST change: 60 business days (≈ 86 days) always span it. */
const beforeDstStarts = (): number[] => Array.from({ length: N_INPUTS }, () => {
  const c = pick(DST_CHANGES);
  return minuteIn(c - 80 * DAY, c - 10 * DAY);
});

interface Workload {
  readonly id: string;
  readonly label: string;
  readonly kind: 'deadline' | 'elapsed' | 'compile';
  readonly profile: PeerProfile;
  readonly cal: CompiledCalendar;
  readonly starts: readonly number[];
  readonly minutes: number;
  /** For elapsed: the span ends. */
  readonly ends?: readonly number[];
  /** How many inputs the correctness gate checks (the peer is slow on long spans). */
  readonly gateInputs: number;
}

const long60Starts = beforeDstStarts();
const workloads: Workload[] = [
  { id: 'W1', label: 'deadline 1 h', kind: 'deadline', profile: 'office', cal: office, starts: randomStarts(), minutes: 60, gateInputs: N_INPUTS },
  { id: 'W2', label: 'deadline 4 h', kind: 'deadline', profile: 'office', cal: office, starts: randomStarts(), minutes: 240, gateInputs: N_INPUTS },
  { id: 'W3', label: 'deadline 5 business days', kind: 'deadline', profile: 'office', cal: office, starts: randomStarts(), minutes: 5 * 480, gateInputs: N_INPUTS },
  { id: 'W4', label: 'deadline 60 bd, 20 holidays, across DST', kind: 'deadline', profile: 'office', cal: office, starts: long60Starts, minutes: 60 * 480, gateInputs: 200 },
  { id: 'W5', label: 'deadline 4 h, start in a DST week', kind: 'deadline', profile: 'office', cal: office, starts: dstWeekStarts(), minutes: 240, gateInputs: N_INPUTS },
  { id: 'W6', label: 'deadline 4 h, night shift 22-06', kind: 'deadline', profile: 'night', cal: night, starts: randomStarts(), minutes: 240, gateInputs: N_INPUTS },
  {
    id: 'W7', label: 'elapsed over 60 business days', kind: 'elapsed', profile: 'office', cal: office, starts: long60Starts, minutes: 0,
    ends: long60Starts.map((s) => deadline(office, s, 60 * 480)), gateInputs: 200,
  },
  { id: 'W8', label: 'compile a calendar version', kind: 'compile', profile: 'office', cal: office, starts: [], minutes: 0, gateInputs: 0 },
];

// ---------------------------------------------------------------------------------------------
// 1. Correctness gate

function spansIrregularDay(cal: CompiledCalendar, a: number, b: number): boolean {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  for (let d = cal.days.dayOf(lo); d <= cal.days.dayOf(hi); d++) if (cal.days.isIrregular(d)) return true;
  return false;
}

function classifyDeadline(w: Workload, s: number, ours: number, peer: number): string {
  if (peer === deadline(w.cal, s, w.minutes, { boundary: 'next-open' })) return 'boundary: peer gives next opening, we give closing time (fill)';
  if (w.profile === 'night' && peer > ours && peer - ours <= 60 * 1000) return '24:00 written as 23:59:59 (mbt#59): peer late by seconds';
  if (spansIrregularDay(w.cal, s, Math.max(ours, peer))) return 'DST day in the span (mbt#58)';
  return 'other';
}

function classifyElapsed(w: Workload, from: number, to: number, ours: number, peer: number): string {
  // mbt's workingDiff adds (max(from, segStart) - to) for segments of the last day that start after
  // `to`, i.e. subtracts them: wrong whenever the span ends before the day's last segment.
  const restOfDay = elapsedMs(w.cal, to, w.cal.days.dayStart(w.cal.days.dayOf(to) + 1)) / MIN;
  if (restOfDay > 0 && peer < ours) return "span ends before the day's last segment (peer's workingDiff subtracts later segments)";
  if (spansIrregularDay(w.cal, from, to)) return 'DST day in the span (mbt#58)';
  return 'other';
}

interface GateRow {
  id: string;
  label: string;
  checked: number;
  agree: number;
  classes: Map<string, number>;
  example?: string;
}

function runGate(w: Workload): GateRow {
  configurePeer(w.profile);
  const row: GateRow = { id: w.id, label: w.label, checked: 0, agree: 0, classes: new Map() };
  const iso = (ms: number) => w.cal.days.formatIso(ms);
  for (let i = 0; i < w.gateInputs; i++) {
    const s = w.starts[i];
    let same: boolean;
    let cls = '';
    let detail = '';
    if (w.kind === 'deadline') {
      const ours = deadline(w.cal, s, w.minutes);
      const peer = peerDeadline(s, w.minutes);
      same = ours === peer;
      if (!same) {
        cls = classifyDeadline(w, s, ours, peer);
        detail = `${iso(s)} + ${w.minutes} min: ours ${iso(ours)}, peer ${Number.isNaN(peer) ? 'invalid' : iso(peer)}`;
      }
    } else {
      const to = (w.ends as readonly number[])[i];
      const ours = elapsedMs(w.cal, s, to) / MIN;
      const peer = peerElapsed(s, to);
      same = ours === peer;
      if (!same) {
        cls = classifyElapsed(w, s, to, ours, peer);
        detail = `[${iso(s)}, ${iso(to)}): ours ${ours} min, peer ${peer} min`;
      }
    }
    row.checked++;
    if (same) row.agree++;
    else {
      row.classes.set(cls, (row.classes.get(cls) ?? 0) + 1);
      row.example ??= detail;
    }
  }
  return row;
}

// ---------------------------------------------------------------------------------------------
// 2. Timing

/** Ours runs in batches of BATCH calls per tinybench iteration (sub-µs calls); medians are per call. */
const BATCH = 64;

function oursTask(w: Workload): () => void {
  let i = 0;
  let sink = 0;
  const n = w.starts.length;
  if (w.kind === 'compile') {
    let version = 1_000;
    return () => {
      for (let k = 0; k < BATCH; k++) sink += compileCalendar(officeDef(version++), { memo: false }).weekMs;
      if (sink < 0) console.log(sink);
    };
  }
  if (w.kind === 'elapsed') {
    const ends = w.ends as readonly number[];
    return () => {
      for (let k = 0; k < BATCH; k++, i = (i + 1) % n) sink += elapsedMs(w.cal, w.starts[i], ends[i]);
      if (sink < 0) console.log(sink);
    };
  }
  return () => {
    for (let k = 0; k < BATCH; k++, i = (i + 1) % n) sink += deadline(w.cal, w.starts[i], w.minutes);
    if (sink < 0) console.log(sink);
  };
}

function peerTask(w: Workload): () => void {
  let i = 0;
  let sink = 0;
  const n = w.starts.length;
  if (w.kind === 'compile') {
    return () => {
      configurePeer('office', true);
    };
  }
  if (w.kind === 'elapsed') {
    const ends = w.ends as readonly number[];
    return () => {
      sink += peerElapsed(w.starts[i], ends[i]);
      i = (i + 1) % n;
      if (sink < 0) console.log(sink);
    };
  }
  return () => {
    sink += peerDeadline(w.starts[i], w.minutes);
    i = (i + 1) % n;
    if (sink < 0) console.log(sink);
  };
}

const TARGETS: Record<string, { ours: number; ratio?: number }> = {
  W2: { ours: 2, ratio: 100 },
  W4: { ours: 10, ratio: 100 },
  W8: { ours: 1_000 },
};

async function main(): Promise<void> {
  const cpu = os.cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown cpu'} x${cpu.length} cores, ${Math.round(os.totalmem() / 2 ** 20)} MiB, ${os.platform()} ${os.release()}`);
  console.log(`node ${process.version}, tinybench ${versionOf('tinybench')}, peer moment-business-time ${versionOf('moment-business-time')} + moment-timezone ${versionOf('moment-timezone')} (tzdata ${moment.tz.dataVersion}), process TZ=${process.env.TZ}`);
  console.log(`inputs: ${N_INPUTS} minute-grid starts per workload from a seeded PRNG; calendars: Mon-Fri 08-12+13-17 ${ZONE} with 20 holidays; night shift Mon-Fri 22:00-06:00\n`);

  console.log('1. Correctness gate (ours = fill semantics, spec §1.4)');
  const gate = workloads.filter((w) => w.kind !== 'compile').map(runGate);
  console.log(table(
    ['id', 'workload', 'checked', 'agree', 'mismatches by class'],
    gate.map((r) => [r.id, r.label, String(r.checked), `${r.agree} (${((100 * r.agree) / r.checked).toFixed(1)}%)`, [...r.classes].map(([c, n]) => `${n} ${c}`).join('; ') || '-']),
  ));
  for (const r of gate) if (r.example) console.log(`  ${r.id} e.g. ${r.example}`);
  const others = gate.reduce((n, r) => n + (r.classes.get('other') ?? 0), 0);
  console.log(others ? `  !! ${others} unexplained mismatches: read the examples before trusting the timings\n` : '  every mismatch has a known cause (the peer timings below include those wrong answers)\n');

  console.log('2. Timing (tinybench; median per operation)');
  const bench = new Bench({ time: 1_000, warmupTime: 250 });
  for (const w of workloads) {
    bench.add(`${w.id} ours`, oursTask(w));
    bench.add(`${w.id} peer`, peerTask(w), { beforeAll: () => configurePeer(w.profile, w.kind === 'compile') });
  }
  await bench.run();
  const median = (name: string, batch: number): number => {
    const task = bench.tasks.find((t) => t.name === name);
    const p50 = task?.result?.latency.p50;
    if (task?.result?.error) throw task.result.error;
    return ((p50 ?? Number.NaN) * 1_000) / batch; // ms → µs
  };
  let failed = false;
  const rows = workloads.map((w) => {
    const ours = median(`${w.id} ours`, BATCH);
    const peer = median(`${w.id} peer`, 1);
    const target = TARGETS[w.id];
    let verdict = '';
    if (target) {
      const ok = ours <= target.ours && (target.ratio === undefined || peer / ours >= target.ratio);
      failed ||= !ok;
      verdict = `${ok ? 'PASS' : 'FAIL'} (<= ${fmt(target.ours)} µs${target.ratio ? `, >= ${target.ratio}x` : ''})`;
    }
    return [w.id, w.label, fmt(ours), fmt(peer), `${fmt(peer / ours)}x`, verdict];
  });
  console.log(table(['id', 'workload', 'ours µs', 'peer µs', 'peer/ours', 'target'], rows));
  console.log(`  ours: median of ${BATCH}-call batches / ${BATCH}; peer: median per call (it includes moment.tz(...) creation).`);
  console.log('  W8 peer = moment.updateLocale with the same hours and holidays (its only "compile" step).');
  if (failed) process.exitCode = 1;
}

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

await main();
