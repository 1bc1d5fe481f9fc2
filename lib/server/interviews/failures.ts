import "server-only";
import { failure, type Failure } from "../../schemas/failure";

/** Someone else's interview is "not found", never "forbidden", so ids cannot be probed. */
export const notFound = (): Failure<"NOT_FOUND"> => failure("NOT_FOUND", "No such interview (or it is not yours).");
