import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { migrationsFolder } from '../../db/client.js';

/** The committed migration files, in the order they apply. */
export const migrationFiles = (): string[] => fs.readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort();

/** One migration file's statements, as drizzle's migrator splits them. */
export const migrationStatements = (file: string): string[] =>
  fs
    .readFileSync(path.join(migrationsFolder, file), 'utf8')
    .split('--> statement-breakpoint')
    .filter((s) => s.trim());

/** Applies one migration file to a raw PGlite (migration tests write old data between files). */
export async function applyMigrationFile(db: PGlite, file: string): Promise<void> {
  for (const statement of migrationStatements(file)) await db.exec(statement);
}
