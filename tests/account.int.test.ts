import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccount, updateDisplayName } from "@/lib/account/account";
import { createMigratedDatabase } from "./helpers/prisma";
import { testDatabaseKind } from "./helpers/test-database";

describe(`account changes (${testDatabaseKind})`, () => {
  let setup: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    setup = await createMigratedDatabase();
  });
  afterAll(() => setup.close());

  const createUser = (email: string) =>
    setup.db.user.create({
      data: {
        email,
        sessions: {
          create: [
            { sessionToken: `${email}-1`, expires: new Date(Date.now() + 86_400_000) },
            { sessionToken: `${email}-2`, expires: new Date(Date.now() + 86_400_000) },
          ],
        },
        accounts: { create: { type: "oauth", provider: "github", providerAccountId: `gh-${email}` } },
      },
    });

  it("updates and clears the display name", async () => {
    const user = await createUser("ivy@example.com");
    await updateDisplayName(setup.db, user.id, "Ivy");
    expect((await setup.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Ivy");
    await updateDisplayName(setup.db, user.id, "");
    expect((await setup.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBeNull();
  });

  it("deletes the user with every session, account and pending link, and nobody else's", async () => {
    const doomed = await createUser("jack@example.com");
    const bystander = await createUser("kim@example.com");
    await setup.db.verificationToken.create({
      data: { identifier: "jack@example.com", token: "x", expires: new Date() },
    });
    await setup.db.outboxEmail.create({ data: { to: "jack@example.com", subject: "s", text: "t", html: "h" } });

    await deleteAccount(setup.db, doomed.id, "test-key");

    expect(await setup.db.user.findUnique({ where: { id: doomed.id } })).toBeNull();
    expect(await setup.db.session.count({ where: { userId: doomed.id } })).toBe(0);
    expect(await setup.db.account.count({ where: { userId: doomed.id } })).toBe(0);
    expect(await setup.db.verificationToken.count({ where: { identifier: "jack@example.com" } })).toBe(0);
    expect(await setup.db.outboxEmail.count({ where: { to: "jack@example.com" } })).toBe(0);
    expect(await setup.db.session.count({ where: { userId: bystander.id } })).toBe(2);
  });

  it("changes nothing when the user is already gone", async () => {
    const before = await setup.db.user.count();
    await expect(deleteAccount(setup.db, "no-such-user", "test-key")).rejects.toThrow();
    expect(await setup.db.user.count()).toBe(before);
  });
});
