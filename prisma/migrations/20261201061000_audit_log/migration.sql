-- Who did what, when, from where, and what changed. Written only by
-- lib/audit.ts, in the same transaction as the change it records. Users are
-- named by id only (no email or name), so a deleted account leaves a trail
-- without personal data.
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- A user id, "stripe:<event id>", "system" or "cli".
    "actor" TEXT NOT NULL,
    -- The role a user actor held at the time; null for other actors.
    "actorRole" "UserRole",
    -- Dotted name: refund.create, subscription.cancel, billing.sync, ...
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" TEXT,
    -- The changed fields only, before and after.
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- /admin/audit lists newest first, filtered by actor, action or target; a
-- user's page shows the rows about them.
CREATE INDEX "AuditLog_at_idx" ON "AuditLog" ("at");
CREATE INDEX "AuditLog_actor_at_idx" ON "AuditLog" ("actor", "at");
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog" ("action", "at");
-- Target ids are unique across types (cus_, sub_, evt_, user ids), so the id
-- alone finds a target's rows, with or without its type.
CREATE INDEX "AuditLog_targetId_at_idx" ON "AuditLog" ("targetId", "at");

-- Append-only, enforced by the database itself: not even the app's own
-- connection can rewrite or erase history.
CREATE FUNCTION "audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditLog_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"();

CREATE TRIGGER "AuditLog_no_truncate"
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_is_append_only"();
