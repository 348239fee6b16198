// Who subscribed before, across account deletions: a deleted account leaves
// only a keyed hash of its address, so signing up again with the same address
// does not start a second free trial, and the address itself is gone.
import "server-only";
import { createHmac } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";

type Db = Pick<PrismaClient, "formerSubscriber">;

function emailHash(email: string, key: string): string {
  return createHmac("sha256", key).update(email.trim().toLowerCase()).digest("hex");
}

export async function recordFormerSubscriber(db: Db, email: string, key: string): Promise<void> {
  const hash = emailHash(email, key);
  await db.formerSubscriber.upsert({ where: { emailHash: hash }, create: { emailHash: hash }, update: {} });
}

export async function isFormerSubscriber(db: Db, email: string, key: string): Promise<boolean> {
  return (await db.formerSubscriber.count({ where: { emailHash: emailHash(email, key) } })) > 0;
}
