// Prints the markup of path diagrams for generated scenarios with cloud-length names (EC2 nodes, Deployment
// pods), every other one with a learner's marks as the results page draws them. The responsive e2e test
// measures them in Chromium; it runs here under tsx because Playwright's loader cannot import lib/sim's JSON.
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { PathDiagram } from "../../../app/_components/path-diagram";
import type { HopMark } from "../../../app/_components/path-diagram-layout";
import { longNamedTrace } from "../../fixtures/long-named-scenario";

const COUNT = Number(process.argv[2] ?? 12);
const MARKS: readonly HopMark[] = ["matched", "out-of-order", "missing"];
const DIFFICULTIES = ["easy", "medium", "hard"] as const;

const diagrams = [];
for (let seed = 1; diagrams.length < COUNT && seed < 1000; seed += 1) {
  const trace = longNamedTrace(seed, DIFFICULTIES[seed % 3] ?? "easy");
  if (trace === null) continue;
  const marks = seed % 2 === 0 ? new Map(trace.hops.map((_, i) => [i, MARKS[(i + seed) % 3] ?? "matched"])) : undefined;
  diagrams.push(createElement(PathDiagram, { key: seed, trace, marks, caption: `Scenario ${seed}` }));
}
if (diagrams.length < COUNT) throw new Error(`only ${diagrams.length} long-named scenarios validate`);
process.stdout.write(renderToStaticMarkup(createElement(Fragment, null, ...diagrams)));
