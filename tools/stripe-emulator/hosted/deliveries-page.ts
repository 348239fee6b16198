import type { Delivery } from "../webhooks";
import { html, page, type PageResponse } from "./html";

/** The delivery log at `/_emulator/deliveries` when opened in a browser (JSON otherwise). */
export function handleDeliveriesPage(deliveries: readonly Delivery[]): PageResponse {
  const rows = [...deliveries].reverse().map((delivery) => {
    const tone = delivery.state === "succeeded" ? "ok" : delivery.state === "pending" ? "warn" : "bad";
    const attempts = delivery.attempts.map(
      (attempt) =>
        html`<div>
          ${attempt.at} · ${attempt.status === null ? (attempt.error ?? "no response") : `HTTP ${attempt.status}`} ·
          ${attempt.durationMs} ms${attempt.signature === "valid" ? "" : ` · ${attempt.signature} signature`}
        </div>`,
    );
    return html`<tr>
      <td>
        ${delivery.eventType}${delivery.duplicate ? " (duplicate)" : ""}
        <div class="muted">${delivery.eventId}</div>
      </td>
      <td>
        <span class="badge ${tone}">${delivery.state}</span>${
          delivery.nextAttemptAt && delivery.state === "pending"
            ? html`<div class="muted">next ${new Date(delivery.nextAttemptAt).toISOString()}</div>`
            : html``
        }
      </td>
      <td>${attempts}</td>
    </tr>`;
  });
  const body = html`<main>
    <section class="panel" style="flex-basis:100%">
      <h1>Webhook deliveries</h1>
      <p class="muted">Newest first. <a href="/_emulator/deliveries">Refresh</a></p>
      <table>
        <tr>
          <th>Event</th>
          <th>State</th>
          <th>Attempts</th>
        </tr>
        ${rows}
      </table>
    </section>
  </main>`;
  return { status: 200, html: page("Webhook deliveries", body) };
}
