// The shape every admin server action shares: admin only, a required reason,
// a confirmation step, then the action; its result becomes the form's state.
import "server-only";
import type { Route } from "next";
import { revalidatePath } from "next/cache";
import { billingDeps } from "@/lib/billing/app-deps";
import { formText, type FormState } from "@/lib/form-state";
import { currentAuditRequest } from "@/lib/request-context";
import type { ActionResult } from "./operator-actions";
import type { Operator } from "./role-names";
import { requireRole } from "./roles";

const MAX_REASON_LENGTH = 500;

/** The id a rendered form carries (crypto.randomUUID()) so that submitting it twice acts once. */
export function isSubmissionId(value: string): boolean {
  return /^[A-Za-z0-9-]{8,64}$/.test(value);
}

/** A form state that may ask the operator to confirm what `confirm` says. */
export type AdminActionState = FormState<"reason"> & { confirm?: string };

type Run = (context: {
  deps: ReturnType<typeof billingDeps>;
  operator: Operator;
  request: Awaited<ReturnType<typeof currentAuditRequest>>;
  reason: string;
}) => Promise<ActionResult>;

/**
 * Authorizes (admin), validates the reason, asks for confirmation on the
 * first submit (`confirmation` says what will happen), and runs the action on
 * the confirmed one. `fields` are the form's other values, echoed back so a
 * failed or confirming submit keeps them.
 */
export async function runAdminAction(
  formData: FormData,
  page: string,
  fields: Record<string, string>,
  confirmation: string,
  run: Run,
): Promise<AdminActionState> {
  const operator = await requireRole("admin", page);
  const reason = formText(formData, "reason");
  const values = { ...fields, reason };
  if (reason === "") return { values, fieldErrors: { reason: "Give a reason: it is kept in the audit log." } };
  if (reason.length > MAX_REASON_LENGTH) {
    return { values, fieldErrors: { reason: `Use at most ${MAX_REASON_LENGTH} characters (${reason.length} now).` } };
  }
  if (formText(formData, "confirmed") !== "yes") return { values, confirm: confirmation };
  const result = await run({ deps: billingDeps(), operator, request: await currentAuditRequest(), reason });
  if (!result.ok) return { values, error: `${result.error} Nothing was recorded.` };
  revalidatePath(page as Route);
  return { success: result.message };
}
