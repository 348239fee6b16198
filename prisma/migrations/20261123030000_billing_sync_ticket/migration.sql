-- Orders concurrent syncs of one customer: each sync takes a ticket before it
-- reads Stripe, and only a higher ticket than the stored one may write.
CREATE SEQUENCE "BillingSyncTicket" AS BIGINT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "billingSyncTicket" BIGINT NOT NULL DEFAULT 0;
