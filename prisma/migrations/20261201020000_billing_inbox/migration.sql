-- The webhook inbox: StripeEvent becomes the durable record the webhook route
-- writes in one statement, and the queue processing claims from.

-- Under the old synchronous handler an unprocessed row meant the delivery had
-- been answered non-2xx (or was still running), so Stripe delivers it again.
-- The new route treats a known id as a duplicate: drop those rows so the
-- redelivery is recorded afresh instead of being ignored.
DELETE FROM "StripeEvent" WHERE "processedAt" IS NULL;

-- CreateEnum
CREATE TYPE "StripeEventState" AS ENUM ('pending', 'processed', 'failed');

-- AlterTable
ALTER TABLE "StripeEvent"
    ADD COLUMN "customerId" TEXT,
    ADD COLUMN "objectId" TEXT,
    ADD COLUMN "stripeCreatedAt" TIMESTAMP(3),
    ADD COLUMN "data" JSONB,
    ADD COLUMN "state" "StripeEventState" NOT NULL DEFAULT 'pending',
    ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN "lastError" TEXT;

UPDATE "StripeEvent" SET "state" = 'processed';

-- CreateEnum
CREATE TYPE "BillingEmailState" AS ENUM ('due', 'sent', 'failed');

-- CreateTable
CREATE TABLE "BillingEmail" (
    "eventId" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "state" "BillingEmailState" NOT NULL DEFAULT 'due',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "BillingEmail_pkey" PRIMARY KEY ("eventId","template")
);

-- CreateIndex
CREATE INDEX "StripeEvent_state_nextAttemptAt_idx" ON "StripeEvent"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "StripeEvent_customerId_idx" ON "StripeEvent"("customerId");

-- CreateIndex
CREATE INDEX "BillingEmail_state_nextAttemptAt_idx" ON "BillingEmail"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "BillingEmail_userId_idx" ON "BillingEmail"("userId");

-- AddForeignKey
ALTER TABLE "BillingEmail" ADD CONSTRAINT "BillingEmail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
