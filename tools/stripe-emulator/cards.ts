/** Stripe's documented test cards and how each behaves. */
export type CardBrand = "visa" | "mastercard" | "amex";

export interface Decline {
  code: string;
  declineCode?: string;
  message: string;
}

interface TestCard {
  brand: CardBrand;
  funding: "credit" | "debit";
  /** Declined at the first charge, including the checkout payment. */
  decline?: Decline;
  /** Needs the cardholder to pass 3-D Secure when paying on-session. */
  requiresAuthentication?: boolean;
  /** Attaches fine (e.g. for a trial) but every later charge fails. */
  failsAfterAttach?: boolean;
}

const DECLINED: Decline = {
  code: "card_declined",
  declineCode: "generic_decline",
  message: "Your card was declined.",
};
export const AUTHENTICATION_FAILED_MESSAGE =
  "We are unable to authenticate your payment method. Please choose a different payment method and try again.";

const TEST_CARDS: Record<string, TestCard> = {
  "4242424242424242": { brand: "visa", funding: "credit" },
  "4000056655665556": { brand: "visa", funding: "debit" },
  "5555555555554444": { brand: "mastercard", funding: "credit" },
  "378282246310005": { brand: "amex", funding: "credit" },
  "4000000000000002": { brand: "visa", funding: "credit", decline: DECLINED },
  "4000000000009995": {
    brand: "visa",
    funding: "credit",
    decline: { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
  },
  "4000000000009987": {
    brand: "visa",
    funding: "credit",
    decline: { code: "card_declined", declineCode: "lost_card", message: "Your card was declined." },
  },
  "4000000000000069": {
    brand: "visa",
    funding: "credit",
    decline: { code: "expired_card", declineCode: "expired_card", message: "Your card has expired." },
  },
  "4000000000000127": {
    brand: "visa",
    funding: "credit",
    decline: {
      code: "incorrect_cvc",
      declineCode: "incorrect_cvc",
      message: "Your card's security code is incorrect.",
    },
  },
  "4000002500003155": { brand: "visa", funding: "credit", requiresAuthentication: true },
  "4000000000000341": { brand: "visa", funding: "credit", failsAfterAttach: true },
};

/** The `pm_card_*` shortcuts Stripe accepts in test mode, mapped to the card they stand for. */
export const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedLostCard: "4000000000009987",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_authenticationRequired: "4000002500003155",
  pm_card_chargeCustomerFail: "4000000000000341",
};

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
}

export type CardValidation = { ok: true; card: CardInput } | { ok: false; message: string; field: string };

/** Checks the fields of a card form the way Stripe Elements does, with its messages. */
export function validateCardForm(rawNumber: string, rawExpiry: string, rawCvc: string, now: number): CardValidation {
  const number = rawNumber.replace(/[\s-]/g, "");
  if (number === "" || !/^\d+$/.test(number) || number.length < 13) {
    return { ok: false, field: "cardNumber", message: "Your card number is incomplete." };
  }
  if (!luhnValid(number)) return { ok: false, field: "cardNumber", message: "Your card number is invalid." };
  // "12/34", "12 / 34", "12/2034", or the bare digits Elements formats as you type ("1234").
  const expiry =
    /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(rawExpiry) ?? /^\s*(\d{2})(\d{2}|\d{4})\s*$/.exec(rawExpiry);
  if (!expiry) return { ok: false, field: "cardExpiry", message: "Your card's expiration date is incomplete." };
  const expMonth = Number(expiry[1]);
  const yearText = expiry[2] ?? "";
  const expYear = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (expMonth < 1 || expMonth > 12)
    return { ok: false, field: "cardExpiry", message: "Your card's expiration date is invalid." };
  const today = new Date(now * 1000);
  const expired =
    expYear < today.getUTCFullYear() || (expYear === today.getUTCFullYear() && expMonth < today.getUTCMonth() + 1);
  if (expired) return { ok: false, field: "cardExpiry", message: "Your card's expiration year is in the past." };
  const cvcLength = number.startsWith("3") ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(rawCvc.trim())) {
    return { ok: false, field: "cardCvc", message: "Your card's security code is incomplete." };
  }
  return { ok: true, card: { number, expMonth, expYear } };
}

export function describeCard(number: string): { brand: CardBrand; funding: "credit" | "debit"; last4: string } {
  const card = TEST_CARDS[number];
  const brand: CardBrand =
    card?.brand ?? (number.startsWith("5") ? "mastercard" : number.startsWith("3") ? "amex" : "visa");
  return { brand, funding: card?.funding ?? "credit", last4: number.slice(-4) };
}

/** Whether the card can be saved at all (declining cards are rejected when first used). */
export function attachDecline(number: string): Decline | undefined {
  const card = TEST_CARDS[number];
  if (!card) {
    return {
      code: "card_declined",
      declineCode: "test_mode_live_card",
      message: "Your card was declined. Your request was in test mode, but used a non test (live) card.",
    };
  }
  return card.decline;
}

export function requiresAuthentication(number: string): boolean {
  return TEST_CARDS[number]?.requiresAuthentication === true;
}

/** The outcome of charging a saved card off-session (renewals, retries, invoice payments). */
export function chargeDecline(number: string): Decline | undefined {
  const card = TEST_CARDS[number];
  if (!card) return attachDecline(number);
  if (card.failsAfterAttach) return DECLINED;
  return card.decline;
}
