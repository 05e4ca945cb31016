export { activity } from "./activity";
export { SignedOut, serviceClient, urlOf, type ServiceClient, type ServiceName } from "./client";
export { feedback } from "./feedback";
export { formErrors, Refusal, refusalOf, WHOLE_FORM, type FieldProblem } from "./refusal";
export { orgUnit, partyCommittee, roster } from "./roster";
export { ledger, scoreCard, scoring } from "./scoring";
export type * from "./types";
