// The premium pages and the entitlement each one needs. The account menu and
// the dashboard list them (locked ones marked); each page still checks its own
// entitlement on the server with requireEntitlement().
import type { Entitlement } from "./plans";

export type PremiumPage = { href: "/dashboard/pro" | "/dashboard/business"; label: string; entitlement: Entitlement };

export const premiumPages: readonly PremiumPage[] = [
  { href: "/dashboard/pro", label: "Reports", entitlement: "reports" },
  { href: "/dashboard/business", label: "Team insights", entitlement: "team-insights" },
];
