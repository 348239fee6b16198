import type { Metadata } from "next";
import Link from "next/link";
import { LegalPage, SupportEmail, ToComplete } from "@/components/legal-page";
import { product } from "@/product.config";

export const metadata: Metadata = { title: "Terms of service" };

export default function TermsPage() {
  return (
    <LegalPage title="Terms of service" updated="2026-12-01">
      <section>
        <h2>1. Who we are</h2>
        <p>
          {product.name} is provided by {product.legalEntity},{" "}
          <ToComplete>registered address and company number</ToComplete> (“we”). These terms apply to everyone who
          creates an account or pays for a plan (“you”). By creating an account you accept them.
        </p>
      </section>
      <section>
        <h2>2. Your account</h2>
        <p>
          You sign in with a link sent to your email address or with a connected provider. Keep access to that address
          secure: whoever can read it can sign in. You may delete your account at any time from the account page; this
          ends every session and removes your data as described in the <Link href="/privacy">privacy notice</Link>.
        </p>
      </section>
      <section>
        <h2>3. Plans, trials and payment</h2>
        <ul>
          <li>
            Prices and what each plan includes are shown on the <Link href="/pricing">pricing page</Link>. Payments are
            processed by Stripe; we never see or store your full card number.
          </li>
          <li>
            Paid plans renew automatically each month or year until cancelled. A trial, where offered, is for first-time
            subscribers and turns into a paid subscription at its end unless you cancel before.
          </li>
          <li>
            Upgrades take effect at once and the difference for the current period is charged at once. Downgrades take
            effect at the end of the period you already paid for.
          </li>
          <li>
            If a renewal payment fails, you keep access for a short grace period while you update your card; after it,
            paid features stop until the payment succeeds.
          </li>
          <li>
            Prices include or exclude taxes as follows: <ToComplete>your tax treatment</ToComplete>.
          </li>
        </ul>
      </section>
      <section>
        <h2>4. Cancelling</h2>
        <p>
          You can cancel from the billing page at any time. Your plan stays active until the end of the current period
          and is not renewed. Refunds are described in the <Link href="/refunds">refund policy</Link>.
        </p>
      </section>
      <section>
        <h2>5. Acceptable use</h2>
        <p>
          Do not misuse the service: no attempts to break or overload it, to reach other people’s data, or to use it for
          anything unlawful. <ToComplete>rules specific to your product</ToComplete>
        </p>
      </section>
      <section>
        <h2>6. Liability</h2>
        <p>
          <ToComplete>warranty disclaimer and limitation of liability for the countries you sell in</ToComplete>
        </p>
      </section>
      <section>
        <h2>7. Changes and governing law</h2>
        <p>
          We will tell you by email before material changes to these terms take effect. These terms are governed by{" "}
          <ToComplete>governing law and courts</ToComplete>.
        </p>
      </section>
      <section>
        <h2>8. Contact</h2>
        <p>
          Questions about these terms: <SupportEmail />.
        </p>
      </section>
    </LegalPage>
  );
}
