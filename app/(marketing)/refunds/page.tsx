import type { Metadata } from "next";
import Link from "next/link";
import { LegalPage, SupportEmail, ToComplete } from "@/components/legal-page";
import { product } from "@/product.config";

export const metadata: Metadata = { title: "Refund policy" };

export default function RefundsPage() {
  return (
    <LegalPage title="Refund policy" updated="2026-12-01">
      <section>
        <h2>1. Cancelling a subscription</h2>
        <p>
          You can cancel from the billing page of your account at any time. The plan you paid for stays active until the
          end of the current month or year, and you are not charged again.
        </p>
      </section>
      <section>
        <h2>2. Trials</h2>
        <p>
          Cancel before a free trial ends and you pay nothing.{" "}
          <ToComplete>how and when you remind customers before a trial turns into a paid subscription</ToComplete>
        </p>
      </section>
      <section>
        <h2>3. Refunds</h2>
        <ul>
          <li>
            If you were charged for a renewal you did not want, write to <SupportEmail /> within{" "}
            <ToComplete>number of days</ToComplete> of the charge and we will refund it.
          </li>
          <li>
            Upgrades are charged only for the rest of the current period; downgrades take effect at its end, so neither
            needs a refund.
          </li>
          <li>
            <ToComplete>
              your policy for partial periods, annual plans and statutory withdrawal rights (e.g. the 14-day right of
              withdrawal for consumers in the EU and UK)
            </ToComplete>
          </li>
        </ul>
        <p>
          Refunds go back to the card that was charged, through Stripe, and usually appear within 5–10 business days.
        </p>
      </section>
      <section>
        <h2>4. Contact</h2>
        <p>
          {product.legalEntity} answers refund requests at <SupportEmail />. See also the{" "}
          <Link href="/terms">terms of service</Link>.
        </p>
      </section>
    </LegalPage>
  );
}
