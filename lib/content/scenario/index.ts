/**
 * Scenario questions, one module for the flashcard reviewer, mock interviews and the admin's sample:
 * how generator options become a scenario (variant.ts), what each template asks (templates.ts), the one
 * description of a scenario (prose.ts) and the answers the simulation computes (answer.ts).
 */
export type { ScenarioTemplate } from "../../schemas/question-set";
export {
  clientPodOf,
  placementOf,
  scenarioVariant,
  serviceKindOf,
  VARIANT_ATTEMPTS,
  type ScenarioVariant,
  type ServiceKind,
} from "./variant";
export { interviewLead, PATH_ONLY_LEAD, SCENARIO_TEMPLATES } from "./templates";
export { code, scenarioProse } from "./prose";
export { hopSteps, scenarioAnswer } from "./answer";
