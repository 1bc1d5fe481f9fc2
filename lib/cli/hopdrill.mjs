#!/usr/bin/env node
// The `hopdrill` command (package.json bin). The command is written in TypeScript; tsx compiles it on load.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
await main();
