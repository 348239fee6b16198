-- Orders concurrent syncs of one customer: each sync takes a ticket before it
-- reads Stripe, and only a higher ticket than the stored one may write.
CREATE SEQUENCE "BillingSyncTicket" AS BIGINT;

-- CreateTable
CREATE TABLE "BillingSync" (
    "userId" TEXT NOT NULL,
    "ticket" BIGINT NOT NULL,

    CONSTRAINT "BillingSync_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "BillingSync" ADD CONSTRAINT "BillingSync_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
