// Must NOT compile: each marked line uses a field the generated types do not have, or leaves
// out one they require. tests/clients/test_typescript_types.py expects tsc to reject each.
import type { paths } from "./relmap";

type IntroRequest = paths["/v1/intros"]["post"]["requestBody"]["content"]["application/json"];
type IntroAnswer = paths["/v1/intros"]["post"]["responses"][200]["content"]["application/json"];
type AccountMap =
  paths["/v1/companies/{company_id}/account-map"]["get"]["responses"][200]["content"]["application/json"];

export const misnamed: IntroRequest = { target: "5e2d7f6a" }; // WRONG: the field is target_id
export const untargeted: IntroRequest = { max_hops: 2 }; // WRONG: target_id is required
export const tooFar: IntroRequest = { target_id: "5e2d7f6a", max_hops: "4" }; // WRONG: a number

export function weight(answer: IntroAnswer): number {
  return answer.paths[0].weight; // WRONG: a path has a score, not a weight
}

export function reach(map: AccountMap): number {
  return map.coverage.reached; // WRONG: coverage says reachable
}
