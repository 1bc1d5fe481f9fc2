// CPU profiles of the app for `LOAD_PROFILE=1 npm run bench:load` (loaded into `next start` with
// NODE_OPTIONS=--import; never in production). SIGUSR2 starts V8's sampling profiler in this process; the next
// SIGUSR2 stops it and writes the profile to $CPU_PROBE_FILE.<pid>.cpuprofile (the format --cpu-prof writes),
// so a profile covers exactly the measured seconds of one scenario and none of the start-up or warm-up.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const session = new Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

let running = false;
process.on("SIGUSR2", () => {
  const file = process.env.CPU_PROBE_FILE;
  if (!file) return;
  if (!running) {
    running = true;
    void post("Profiler.enable")
      .then(() => post("Profiler.setSamplingInterval", { interval: 200 }))
      .then(() => post("Profiler.start"));
    return;
  }
  running = false;
  void post("Profiler.stop").then(({ profile }) => {
    writeFileSync(`${file}.${process.pid}.cpuprofile`, JSON.stringify(profile));
  });
});
