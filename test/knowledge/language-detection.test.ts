/**
 * A case's language, from the stopwords its text uses, as the database's dictionaries say; words already
 * seen are not asked about again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '../../db/client.js';
import { detectConfig } from '../../src/knowledge/case-text.js';
import { createTestDatabase } from '../support/db.js';

describe('language detection of a case text', () => {
  let database: DatabaseHandle;
  let statements = 0;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Proxy(database.db, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        return key === 'execute' ? (...args: unknown[]) => (statements++, value.apply(target, args)) : value;
      },
    });
  });
  afterAll(() => database.close());

  it('tells French from English and German, and gives none for a text without stopwords', async () => {
    expect(await detectConfig(db, 'Le VPN se déconnecte toutes les heures depuis la mise à jour du poste')).toBe('french');
    expect(await detectConfig(db, 'The VPN drops every hour since the update of the laptop and it is slow')).toBe('english');
    expect(await detectConfig(db, 'Der Drucker druckt nicht mehr, seit wir den Treiber und die Firmware aktualisiert haben')).toBe('german');
    expect(await detectConfig(db, 'VPN 504 timeout')).toBeNull();
  });

  it('asks the database only about words it has not seen', async () => {
    const text = 'Le portail client affiche une erreur quand je veux payer ma facture';
    statements = 0;
    expect(await detectConfig(db, text)).toBe('french');
    expect(statements).toBe(1);
    expect(await detectConfig(db, text)).toBe('french');
    expect(await detectConfig(db, `${text} portail`)).toBe('french');
    expect(statements).toBe(1);
  });
});
