import type { Metadata } from "next";
import { LegalPage, SupportEmail, ToComplete } from "@/components/legal-page";
import { product } from "@/product.config";

export const metadata: Metadata = { title: "Privacy notice" };

export default function PrivacyPage() {
  return (
    <LegalPage title="Privacy notice" updated="2026-12-01">
      <section>
        <h2>1. Who is responsible</h2>
        <p>
          {product.legalEntity} (<ToComplete>registered address</ToComplete>) is responsible for the personal data
          processed by {product.name}. Contact: <SupportEmail />.{" "}
          <ToComplete>data protection officer or EU/UK representative, if you need one</ToComplete>
        </p>
      </section>
      <section>
        <h2>2. What we collect and why</h2>
        <ul>
          <li>
            <strong>Account:</strong> your email address, and your name and picture if you sign in with a provider — to
            let you sign in and to write to you about your account (performing our contract with you).
          </li>
          <li>
            <strong>Sessions:</strong> a session cookie and the time of your sign-ins — to keep you signed in and to
            stop abuse of the sign-in form (our legitimate interest in a secure service).
          </li>
          <li>
            <strong>Billing:</strong> your plan, subscription status and invoices. Card details are entered on Stripe’s
            pages and stay with Stripe; we keep only the Stripe customer and subscription references (performing our
            contract; legal obligations for invoices).
          </li>
          <li>
            <strong>Former subscribers:</strong> when you delete an account that had a subscription, we keep a keyed
            hash of its email address, not the address itself, so a new account cannot take a second free trial.
          </li>
          <li>
            <ToComplete>analytics, support tools or anything else your product adds</ToComplete>
          </li>
        </ul>
      </section>
      <section>
        <h2>3. Who receives it</h2>
        <ul>
          <li>Stripe, Inc. and its affiliates, for payments and invoices.</li>
          <li>
            <ToComplete>
              your hosting provider, database provider and email delivery service, with their locations
            </ToComplete>
          </li>
        </ul>
        <p>We do not sell personal data.</p>
      </section>
      <section>
        <h2>4. How long we keep it</h2>
        <p>
          Account data until you delete your account; invoices for as long as tax law requires (
          <ToComplete>retention period in your country</ToComplete>); server logs for{" "}
          <ToComplete>log retention</ToComplete>.
        </p>
      </section>
      <section>
        <h2>5. Your rights</h2>
        <p>
          You can see and correct your profile and delete your account yourself on the account page. For a copy of your
          data, or any other request under the data protection law that applies to you, write to <SupportEmail />. You
          may also complain to your data protection authority.
        </p>
      </section>
      <section>
        <h2>6. Cookies</h2>
        <p>
          {product.name} sets only the cookies it needs to work: the session cookie and the sign-in protection cookies.
          There are no advertising or tracking cookies, and our emails contain no tracking pixels.
        </p>
      </section>
    </LegalPage>
  );
}
