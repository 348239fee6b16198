-- The card a subscription charges, stored by syncCustomer() so the billing
-- page shows it without asking Stripe on every render.
ALTER TABLE "Subscription" ADD COLUMN     "cardBrand" TEXT,
ADD COLUMN     "cardLast4" TEXT,
ADD COLUMN     "cardExpMonth" INTEGER,
ADD COLUMN     "cardExpYear" INTEGER;
