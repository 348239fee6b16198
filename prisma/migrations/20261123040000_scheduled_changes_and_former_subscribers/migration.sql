-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "scheduledPlanId" TEXT,
ADD COLUMN     "scheduledInterval" "BillingInterval",
ADD COLUMN     "scheduledChangeAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "FormerSubscriber" (
    "emailHash" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormerSubscriber_pkey" PRIMARY KEY ("emailHash")
);
