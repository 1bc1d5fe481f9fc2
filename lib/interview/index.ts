/**
 * Public entry of the mock-interview rules (pure: no database, clock or randomness; `now` and random sources
 * are parameters). Timing and pacing, the active → submitted lifecycle, which questions an interview asks,
 * and what results derive from a stored grade. lib/server/interviews stores and loads; this decides.
 */
export * from "./timing";
export * from "./lifecycle";
export * from "./questions";
export * from "./repeats";
export * from "./scoring";
export * from "./grading";
