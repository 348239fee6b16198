-- Of the credits a purchase's refunds accounted for ("creditsRevoked"), how
-- many were actually taken from the balance (the rest had been spent). When a
-- refund fails afterwards, the payments sync gives back up to this many.
-- Purchases refunded before this column existed start at 0: a later failed
-- refund gives nothing back rather than credits that may have been spent.
ALTER TABLE "Purchase" ADD COLUMN "creditsTakenBack" INTEGER NOT NULL DEFAULT 0;
