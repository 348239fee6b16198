// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the
// embedded database under .data/ when DATABASE_URL is unset.
import { startEmbeddedDatabase } from "./embedded-database";
import { exitWith, loadEnvOrExit } from "./load-env";
import { describeMigrations, migrateDatabase } from "./migrate-database";

const env = await loadEnvOrExit();

try {
  if (env.DATABASE_URL) {
    console.log(describeMigrations(await migrateDatabase(env.DATABASE_URL)));
  } else {
    const embedded = await startEmbeddedDatabase({ dataDir: env.EMBEDDED_DATABASE_DIR });
    try {
      console.log(
        `Embedded database ${env.EMBEDDED_DATABASE_DIR}: ${describeMigrations(await migrateDatabase(embedded.url))}`,
      );
    } finally {
      await embedded.stop();
    }
  }
} catch (error) {
  exitWith(error);
}
