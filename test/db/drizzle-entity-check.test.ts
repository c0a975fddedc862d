/**
 * patches/drizzle-orm+0.45.4.patch caches drizzle's `is(value, type)` per prototype (query building asks
 * it for every chunk of every statement). The answers must be those of the unpatched walk, for
 * instances, subclasses, look-alikes from another copy of drizzle (same entityKind, other class) and
 * plain values, and stay the same when asked again.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Column, entityKind, is, SQL, sql, Table } from 'drizzle-orm';
import { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { cases } from '../../db/schema/index.js';

describe("drizzle's entity check (is)", () => {
  it('is the patched, cached one', () => {
    const file = createRequire(import.meta.url).resolve('drizzle-orm').replace(/index\.(c?js)$/, 'entity.$1');
    expect(readFileSync(file, 'utf8')).toContain('sla-service patch');
  });

  it('answers as the unpatched walk does, the first time and every time after', () => {
    class LookAlikeSql {
      static readonly [entityKind] = (SQL as unknown as Record<symbol, string>)[entityKind];
    }
    const checks: Array<[unknown, unknown, boolean]> = [
      [cases.id, PgColumn, true],
      [cases.id, Column, true],
      [cases.id, SQL, false],
      [cases, PgTable, true],
      [cases, Table, true],
      [sql`select 1`, SQL, true],
      [sql`select 1`, Column, false],
      [new LookAlikeSql(), SQL, true],
      [new LookAlikeSql(), Column, false],
      [{}, SQL, false],
      [null, SQL, false],
      ['text', SQL, false],
    ];
    for (let round = 0; round < 3; round++) {
      expect(checks.map(([value, type]) => is(value, type as never))).toEqual(checks.map(([, , expected]) => expected));
    }
  });

  it('still refuses a type that is not a drizzle entity', () => {
    class NotAnEntity {}
    expect(() => is({}, NotAnEntity as never)).toThrow(/doesn't look like a Drizzle entity/);
  });
});
