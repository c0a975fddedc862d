/**
 * Migration 0010 on a database holding free-text products: one product per distinct value of cases and
 * entitlements (without regard to case and spaces), cases and entitlements linked by id, the text kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrationFile, migrationFiles } from '../support/migration-files.js';

describe('migration 0010: products from free text', () => {
  const db = new PGlite();
  const acc = '00000000-0000-4000-8000-0000000000a1';
  const kase = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`;
  const ent = (n: number) => `00000000-0000-4000-8000-0000000003${String(n).padStart(2, '0')}`;

  beforeAll(async () => {
    for (const f of migrationFiles().filter((f) => f < '0010')) await applyMigrationFile(db, f);
    await db.exec(`
      insert into accounts (id, name) values ('${acc}', 'Contoso');
      insert into cases (id, number, title, origin, product) values
        ('${kase(1)}', 'CAS-1', 'a', 'phone', 'Surface Pro'),
        ('${kase(2)}', 'CAS-2', 'b', 'phone', ' surface pro '),
        ('${kase(3)}', 'CAS-3', 'c', 'phone', 'Xbox'),
        ('${kase(4)}', 'CAS-4', 'd', 'phone', null),
        ('${kase(5)}', 'CAS-5', 'e', 'phone', '   ');
      insert into entitlements (id, name, account_id, start_date, end_date, allocation_type, total_units, decrease_on, products) values
        ('${ent(1)}', 'e1', '${acc}', '2026-01-01', '2026-12-31', 'cases', 5, 'create', '["XBOX", "HoloLens"]'),
        ('${ent(2)}', 'e2', '${acc}', '2026-01-01', '2026-12-31', 'cases', 5, 'create', '[]'),
        ('${ent(3)}', 'e3', '${acc}', '2026-01-01', '2026-12-31', 'cases', 5, 'create', '["Surface Pro", "surface pro"]');
    `);
    for (const f of migrationFiles().filter((f) => f >= '0010' && f < '0011')) await applyMigrationFile(db, f);
  });
  afterAll(async () => {
    await db.close();
  });

  it('creates one numbered product per distinct value, blank values none', async () => {
    const { rows } = await db.query<{ number: string; name: string; active: boolean }>('select number, name, active from products order by number');
    expect(rows.map((r) => r.name.toLowerCase())).toEqual(['hololens', 'surface pro', 'xbox']);
    expect(rows.map((r) => r.number)).toEqual(['PRD-000001', 'PRD-000002', 'PRD-000003']);
    expect(rows.every((r) => r.active)).toBe(true);
  });

  it('links every case with a product and keeps the text it held', async () => {
    const { rows } = await db.query<{ number: string; product: string | null; name: string | null }>(
      'select c.number, c.product, p.name from cases c left join products p on p.id = c.product_id order by c.number',
    );
    expect(rows).toEqual([
      { number: 'CAS-1', product: 'Surface Pro', name: 'Surface Pro' },
      { number: 'CAS-2', product: ' surface pro ', name: 'Surface Pro' },
      { number: 'CAS-3', product: 'Xbox', name: 'Xbox' },
      { number: 'CAS-4', product: null, name: null },
      { number: 'CAS-5', product: '   ', name: null },
    ]);
  });

  it('links entitlements to their products by id, once each, and keeps the names', async () => {
    const { rows } = await db.query<{ name: string; products: string[] }>(`
      select e.name, coalesce(array_agg(lower(p.name) order by lower(p.name)) filter (where p.id is not null), '{}') as products
      from entitlements e left join entitlement_products ep on ep.entitlement_id = e.id left join products p on p.id = ep.product_id
      group by e.name order by e.name`);
    expect(rows).toEqual([
      { name: 'e1', products: ['hololens', 'xbox'] },
      { name: 'e2', products: [] },
      { name: 'e3', products: ['surface pro'] },
    ]);
    const kept = await db.query<{ products: string[] }>(`select products from entitlements where id = '${ent(1)}'`);
    expect(kept.rows[0].products).toEqual(['XBOX', 'HoloLens']);
  });

  it('continues the product numbers after the migrated ones', async () => {
    const { rows } = await db.query<{ n: string }>("select nextval('product_number_seq')::text as n");
    expect(rows[0].n).toBe('4');
  });
});
