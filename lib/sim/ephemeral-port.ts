import type { Random } from "./random";

// Linux net.ipv4.ip_local_port_range default: ephemeral source ports come from 32768–60999.
const EPHEMERAL_MIN = 32768;
const EPHEMERAL_MAX = 60999;

/** The source port the kernel gives a new client socket. */
export function ephemeralPort(rng: Random): number {
  return rng.int(EPHEMERAL_MIN, EPHEMERAL_MAX);
}
