-- /admin and /admin/audit page by keyset (lib/admin/page-cursor.ts): a page
-- starts after the (sort key, id) of the previous page's last row. Each index
-- below ends in "id" so that position is an index range and the order needs no
-- sort, however deep the page and however many rows tie on the key.

-- User search: the start of an email, name or Stripe customer id. Built under
-- the "C" collation (byte order), which serves `LIKE 'prefix%'` as an index
-- range on a database of any collation and sorts as the queries do; these
-- replace the text_pattern_ops indexes, whose order no ORDER BY can use.
CREATE INDEX "User_email_id_idx" ON "User" ("email" COLLATE "C", "id");
CREATE INDEX "User_name_id_idx" ON "User" ("name" COLLATE "C", "id");
CREATE INDEX "User_stripeCustomerId_id_idx" ON "User" ("stripeCustomerId" COLLATE "C", "id");
DROP INDEX "User_email_prefix_idx";
DROP INDEX "User_name_prefix_idx";
DROP INDEX "User_stripeCustomerId_prefix_idx";

-- Audit log: newest first, alone or filtered by actor, action or target; the
-- id breaks ties between rows written in the same millisecond.
CREATE INDEX "AuditLog_at_id_idx" ON "AuditLog" ("at", "id");
CREATE INDEX "AuditLog_actor_at_id_idx" ON "AuditLog" ("actor", "at", "id");
CREATE INDEX "AuditLog_action_at_id_idx" ON "AuditLog" ("action", "at", "id");
CREATE INDEX "AuditLog_targetId_at_id_idx" ON "AuditLog" ("targetId", "at", "id");
DROP INDEX "AuditLog_at_idx";
DROP INDEX "AuditLog_actor_at_idx";
DROP INDEX "AuditLog_action_at_idx";
DROP INDEX "AuditLog_targetId_at_idx";
