-- Operators: every user is a member unless `npm run admin:grant` says
-- otherwise. No page, action or API writes this column.
CREATE TYPE "UserRole" AS ENUM ('member', 'support', 'admin');

ALTER TABLE "User" ADD COLUMN "role" "UserRole" NOT NULL DEFAULT 'member';

-- /admin searches users by the start of their email, name or Stripe customer
-- id. text_pattern_ops lets `LIKE 'prefix%'` use the index whatever the
-- database's collation (the unique indexes on email and stripeCustomerId use
-- the default operator class, which only serves LIKE under the C collation).
CREATE INDEX "User_email_prefix_idx" ON "User" ("email" text_pattern_ops);
CREATE INDEX "User_name_prefix_idx" ON "User" ("name" text_pattern_ops);
CREATE INDEX "User_stripeCustomerId_prefix_idx" ON "User" ("stripeCustomerId" text_pattern_ops);
