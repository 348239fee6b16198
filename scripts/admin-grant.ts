// `npm run admin:grant -- <email> <admin|support|member>`: the only way to
// change a user's role. Audited with the actor `cli`. Works on DATABASE_URL,
// on the embedded database a running `npm run dev` / `npm start` serves (found
// through the URL it records next to its data), or opens the embedded one.
import { startEmbeddedDatabase, runningEmbeddedDatabaseUrl, type EmbeddedDatabase } from "./embedded-database";
import { exitWith, loadEnvOrExit } from "./load-env";
import { migrateDatabase } from "./migrate-database";
import { isRole } from "@/lib/admin/role-names";

const USAGE = "Usage: npm run admin:grant -- <email> <admin|support|member>";

const env = await loadEnvOrExit();
const [email, role, ...extra] = process.argv.slice(2);
if (!email || !role || extra.length > 0) exitWith(USAGE);
if (!isRole(role)) exitWith(`Unknown role "${role}": use admin, support or member.\n${USAGE}`);

let embedded: EmbeddedDatabase | undefined;
try {
  let url = env.DATABASE_URL ?? (await runningEmbeddedDatabaseUrl(env.EMBEDDED_DATABASE_DIR));
  if (!url) {
    embedded = await startEmbeddedDatabase({ dataDir: env.EMBEDDED_DATABASE_DIR });
    url = embedded.url;
    await migrateDatabase(url);
  }
  const { createPrismaClient } = await import("@/lib/db");
  const { grantRole } = await import("@/lib/admin/grant-role");
  const db = createPrismaClient(url, 1);
  try {
    const change = await grantRole(db, email, role);
    console.log(
      change.from === change.to
        ? `${email} already has the role ${role}; nothing changed.`
        : `${email} (user ${change.userId}) is now ${change.to} (was ${change.from}).`,
    );
  } finally {
    await db.$disconnect();
  }
  await embedded?.stop();
} catch (error) {
  await embedded?.stop();
  exitWith(error);
}
