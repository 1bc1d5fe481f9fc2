import { describe, expect, it } from "vitest";
import { checkAdmin, safeNextPath, toRole, type SessionUser } from "../../../lib/server/auth";

const learner: SessionUser = { id: "u1", email: "l@x.test", name: null, role: "learner", mustChangePassword: false };
const admin: SessionUser = { ...learner, id: "a1", email: "a@x.test", role: "admin" };

describe("role checks", () => {
  it.each([
    ["anonymous", null, { ok: false, code: "UNAUTHENTICATED" }],
    ["learner", learner, { ok: false, code: "FORBIDDEN" }],
    ["admin", admin, { ok: true }],
  ] as const)("admin area: %s", (_who, user, expected) => {
    expect(checkAdmin(user)).toMatchObject(expected);
  });

  it("maps unknown stored roles to the least privilege", () => {
    expect(toRole("admin")).toBe("admin");
    expect(toRole("learner")).toBe("learner");
    expect(toRole("superuser")).toBe("learner");
    expect(toRole("")).toBe("learner");
  });
});

describe("safeNextPath", () => {
  it.each([
    ["/sets/kubernetes-dns", "/sets/kubernetes-dns"],
    ["/admin?x=1", "/admin?x=1"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    [undefined, "/"],
  ])("%j → %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
