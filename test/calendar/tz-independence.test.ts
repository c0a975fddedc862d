/**
 * Results never depend on the host's time zone (spec §1.3): the same computations run in child
 * processes under two very different TZ values give exactly the in-process results.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { probe } from './support/tz-probe.js';

const script = fileURLToPath(new URL('./support/tz-probe.ts', import.meta.url));

describe('host time zone independence', () => {
  it.each(['Pacific/Kiritimati', 'America/Santiago'])('gives the same results with TZ=%s', (tz) => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    const child = JSON.parse(stdout) as { tz: string; offsetMinutes: number; results: unknown };
    expect(child.tz).toBe(tz);
    expect(child.offsetMinutes).not.toBe(new Date(2025, 0, 1).getTimezoneOffset()); // the host zone really differs
    expect(child.results).toEqual(JSON.parse(JSON.stringify(probe())));
  }, 60_000);
});

describe('engine purity (it runs inside Temporal workflows)', () => {
  const dir = fileURLToPath(new URL('../../src/calendar/', import.meta.url));
  const core = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'instant-text.ts');

  it.each(core)('%s imports only sibling modules and never reads the clock, the host zone or the environment', (file) => {
    const source = readFileSync(`${dir}${file}`, 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((i) => i.startsWith('./') && i.endsWith('.js') && i !== './instant-text.js')).toBe(true);
    expect(source).not.toMatch(/Date\.now|new Date\(\)|process\.|getTimezoneOffset|getHours|getDate\(|Math\.random|toLocale/);
  });
});
