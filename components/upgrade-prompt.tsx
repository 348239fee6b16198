import { ButtonLink } from "./ui/button";
import { Card } from "./ui/card";

/** Shown in place of premium content the user's plan does not include. */
export function UpgradePrompt({
  feature,
  planName,
  currentPlanName,
}: {
  feature: string;
  planName: string;
  currentPlanName: string;
}) {
  return (
    <Card className="mx-auto max-w-xl text-center">
      <h1 className="text-xl font-semibold">
        {feature} is part of {planName}
      </h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        You are on the {currentPlanName} plan. Upgrade to {planName} to unlock it; you can cancel any time.
      </p>
      <ButtonLink href="/pricing" className="mt-6">
        See plans
      </ButtonLink>
    </Card>
  );
}
