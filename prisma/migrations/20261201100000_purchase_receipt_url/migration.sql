-- Stripe's receipt for a one-time purchase, stored when the purchase is
-- fulfilled, so the billing page lists purchases from our database without
-- asking Stripe on every view. Purchases fulfilled before this column existed
-- keep NULL: their receipt is still in the email the customer was sent.
ALTER TABLE "Purchase" ADD COLUMN "receiptUrl" TEXT;
