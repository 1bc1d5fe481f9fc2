/**
 * CPU time of one synchronous call, in milliseconds: user plus system time of this process, so other
 * processes on a busy machine do not count (wall-clock bounds would). A bound on it tells linear code from
 * quadratic code: the inputs in the hostile-input tests take seconds to minutes on a quadratic path.
 */
export function cpuMs(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
