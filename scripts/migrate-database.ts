import pg from "pg";
import { migrate } from "@/lib/db-migrations";

/** Applies pending migrations to the database at `url`; returns their names. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await migrate(client);
  } finally {
    await client.end();
  }
}

export function describeMigrations(applied: string[]): string {
  return applied.length === 0
    ? "Database is up to date: no pending migrations."
    : `Applied ${applied.length} migration(s): ${applied.join(", ")}.`;
}
