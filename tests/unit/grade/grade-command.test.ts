import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { gradeCommand } from "../../../lib/cli/grade-command";
import type { CliIo } from "../../../lib/cli/io";

function fakeIo(files: Record<string, string>, stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readFile: async (p) => {
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return text;
    },
    readStdin: async () => stdin,
  };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

describe("hopdrill grade", () => {
  it("grades an answer from stdin against the seed scenario (JSON on stdout)", async () => {
    const f = fakeIo({}, "CoreDNS answers with the ClusterIP 10.96.12.34; iptables DNATs it to a pod IP.");
    expect(await gradeCommand(["--scenario", "seed", "--answer", "-"], f.io)).toBe(0);
    const grade = JSON.parse(f.out());
    expect(grade.verdict).toMatch(/strong|partial|weak/);
    expect(grade.concepts.find((c: { id: string }) => c.id === "dns-answers-clusterip").found).toBe(true);
    expect(f.err()).toBe("");
  });

  it("reads an answer file", async () => {
    const f = fakeIo({ "a.txt": "" });
    expect(await gradeCommand(["--scenario", "seed", "--answer", "a.txt"], f.io)).toBe(0);
    expect(JSON.parse(f.out()).verdict).toBe("weak");
  });

  it("refuses a too-long answer with exit 2 and a message naming the limit", async () => {
    const f = fakeIo({}, "x".repeat(20_001));
    expect(await gradeCommand(["--scenario", "seed", "--answer", "-"], f.io)).toBe(2);
    expect(f.err()).toMatch(/20000/);
    expect(f.err()).toMatch(/ANSWER_TOO_LONG/);
    expect(f.err()).not.toMatch(/\n\s+at /);
    expect(f.out()).toBe("");
  });

  it("answers bad input with exit 2 and the field, never a stack trace", async () => {
    for (const argv of [
      ["--scenario", "seed"],
      ["--scenario", "seed", "--answer", "missing.txt"],
      ["--scenario", "bad.json", "--answer", "-"],
      ["--answer", "-"],
      ["--scenario", "seed", "--answer", "-", "--bogus"],
    ]) {
      const f = fakeIo({ "bad.json": '{"nodes": []}' });
      expect(await gradeCommand(argv, f.io)).toBe(2);
      expect(f.err()).toMatch(/--answer|--scenario|nodes|bogus/);
      expect(f.err()).not.toMatch(/\n\s+at /);
    }
  });

  it("prints help", async () => {
    const f = fakeIo({});
    expect(await gradeCommand(["--help"], f.io)).toBe(0);
    expect(f.out()).toMatch(/--scenario FILE\|seed --answer FILE\|-/);
  });

  it("also runs on plain streams", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const chunks: string[] = [];
    stdout.on("data", (c: Buffer) => chunks.push(c.toString()));
    const stdin = Readable.from(["CoreDNS returns the ClusterIP."]);
    expect(await gradeCommand(["--scenario", "seed", "--answer", "-"], { stdin, stdout, stderr })).toBe(0);
    expect(JSON.parse(chunks.join("")).concepts.length).toBeGreaterThan(0);
  });
});
