"use server";

import { replayEvent } from "@/lib/admin/operator-actions";
import { runAdminAction, type AdminActionState } from "@/lib/admin/run-admin-action";
import { formText } from "@/lib/form-state";

export async function replayEventAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const eventId = formText(formData, "eventId");
  return runAdminAction(
    formData,
    "/admin/webhooks",
    {},
    `Re-run the sync of the customer of event ${eventId}, and mark the event processed?`,
    (context) => replayEvent(context, eventId),
  );
}
