// Invoices are copied by syncCustomer() so the pages that show them (billing
// history, the Pro reports, the CSV export) read our database, never Stripe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInvoices } from "@/lib/billing/invoices";
import { spendingByMonth, toCsv } from "@/lib/billing/reports";
import { syncCustomer } from "@/lib/billing/sync";
import { startBillingTestBed, type BillingTestBed } from "./helpers/billing";
import { testDatabaseKind } from "./helpers/test-database";

describe(`stored invoices (${testDatabaseKind})`, () => {
  let bed: BillingTestBed;
  beforeAll(async () => {
    bed = await startBillingTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  it("a sync stores what Stripe says of each invoice, and the reports read it from there", async () => {
    const user = await bed.createUser("invoices");
    const customer = await bed.subscribe(user, "business", "month");
    await syncCustomer(bed, customer);

    const [fromStripe] = (await bed.stripe.invoices.list({ customer })).data;
    const stored = await bed.db.invoice.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: fromStripe!.id,
      number: fromStripe!.number,
      status: "paid",
      total: 4900,
      amountPaid: 4900,
      amountRemaining: 0,
      currency: "usd",
      hostedInvoiceUrl: fromStripe!.hosted_invoice_url,
      subscriptionId: (await bed.db.subscription.findFirstOrThrow({ where: { userId: user.id } })).id,
    });

    const month = new Date(fromStripe!.created * 1000).toISOString().slice(0, 7);
    expect(await spendingByMonth(bed.db, user.id)).toEqual([{ month, total: 4900, currency: "usd" }]);
    expect(toCsv(await spendingByMonth(bed.db, user.id))).toBe(`month,total,currency\n${month},49.00,usd`);
    expect((await listInvoices(bed.db, user.id, 10)).map((invoice) => invoice.url)).toEqual([
      fromStripe!.hosted_invoice_url,
    ]);
  });

  it("a sync that finds nothing changed rewrites no invoice", async () => {
    const user = await bed.createUser("unchanged");
    const customer = await bed.subscribe(user, "business", "year");
    await syncCustomer(bed, customer);
    const before = await bed.db.invoice.findFirstOrThrow({ where: { userId: user.id } });
    await syncCustomer(bed, customer);
    const after = await bed.db.invoice.findFirstOrThrow({ where: { userId: user.id } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("another user's invoices never show up in a user's reports", async () => {
    const payer = await bed.createUser("payer");
    await syncCustomer(bed, await bed.subscribe(payer, "business", "month"));
    const other = await bed.createUser("other");
    expect(await spendingByMonth(bed.db, other.id)).toEqual([]);
    expect(await listInvoices(bed.db, other.id, 10)).toEqual([]);
  });
});
