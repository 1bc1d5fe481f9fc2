import path from "node:path";
import { defineConfig } from "prisma/config";

// The datasource URL lives here (Prisma 7). Relative file: paths resolve against the working directory.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/hopdrill.db" },
});
