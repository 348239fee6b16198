import { migrate } from "@/lib/db-migrations";
import { withClient } from "./pg-client";

/** Applies pending migrations to the database at `url`; returns their names. */
export function migrateDatabase(url: string): Promise<string[]> {
  return withClient(url, (client) => migrate(client));
}

export function describeMigrations(applied: string[]): string {
  return applied.length === 0
    ? "Database is up to date: no pending migrations."
    : `Applied ${applied.length} migration(s): ${applied.join(", ")}.`;
}
