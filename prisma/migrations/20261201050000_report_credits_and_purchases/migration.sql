-- One-time purchases (report credit packs) and the credits they grant.
-- The CHECK makes "never below zero" the database's promise, not only the
-- spending query's.
ALTER TABLE "User" ADD COLUMN "reportCredits" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "User" ADD CONSTRAINT "User_reportCredits_check" CHECK ("reportCredits" >= 0);

-- One row per fulfilled PaymentIntent: its primary key is what makes
-- fulfilment happen once, however many callers race.
CREATE TABLE "Purchase" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "credits" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "fulfilledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Purchase_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Purchase_userId_idx" ON "Purchase"("userId");

ALTER TABLE "Purchase" ADD CONSTRAINT "Purchase_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
