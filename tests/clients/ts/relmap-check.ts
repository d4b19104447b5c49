// A small client of relmap's generated types (openapi-typescript, default options). It must
// compile with `tsc --strict`: tests/clients/test_typescript_types.py checks it, and
// `make clients` does the same by hand. "./relmap" is the generated file.
import type { components, paths } from "./relmap";

type Schemas = components["schemas"];
type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

type IntroRequest = Json<paths["/v1/intros"]["post"]["requestBody"]>;
type IntroAnswer = Json<paths["/v1/intros"]["post"]["responses"][200]>;
type AccountMap = Json<paths["/v1/companies/{company_id}/account-map"]["get"]["responses"][200]>;
type Problem =
  paths["/v1/intros"]["post"]["responses"][404]["content"]["application/problem+json"];

// Only the target: max_hops, limit, min_strength, types and distinct_introducers have defaults.
export const justTheTarget: IntroRequest = { target_id: "5e2d7f6a-1c3b-4f8e-8a9d-0b1c2d3e4f50" };
export const narrower: IntroRequest = {
  target_id: "5e2d7f6a-1c3b-4f8e-8a9d-0b1c2d3e4f50",
  from_ids: ["0b6c2f3e-8c1e-4b8e-9d83-2f7a1c9f4a10"],
  max_hops: 2,
  limit: 3,
  types: ["KNOWS", "REPORTS_TO"],
  distinct_introducers: true,
};

// "Sam -> Bea -> Ada (0.42, 2 hops, weakest 0.60)", best first as the API sends them.
export function introLines(answer: IntroAnswer): string[] {
  return answer.paths.map((path: Schemas["IntroPath"]) => {
    const names = path.nodes.map((node) => node.name ?? node.id).join(" -> ");
    const weakest = path.weakest_link ? `, weakest ${path.weakest_link.strength.toFixed(2)}` : "";
    return `${names} (${path.score.toFixed(2)}, ${path.hops} hops${weakest})`;
  });
}

export function introducers(answer: IntroAnswer): string[] {
  return answer.paths.flatMap((path) => (path.introducer ? [path.introducer.id] : []));
}

export interface AccountSummary {
  company: string;
  reachable: string;
  decisionMakers: string[];
  unreachable: string[];
  unreachedRoles: Schemas["Role"][];
}

export function accountSummary(map: AccountMap): AccountSummary {
  const { coverage } = map;
  return {
    company: map.company.name ?? map.company.id,
    reachable: `${coverage.reachable}/${coverage.people} people, ` +
      `${coverage.decision_makers_reachable}/${coverage.decision_makers} decision makers`,
    decisionMakers: map.people
      .filter((employee) => employee.role === "decision_maker")
      .map((employee) => employee.person.name ?? employee.person.id),
    unreachable: map.people
      .filter((employee) => !employee.best_intro)
      .map((employee) => `${employee.person.name ?? employee.person.id} (${employee.title ?? "?"})`),
    unreachedRoles: map.unreached_roles,
  };
}

export function explain(problem: Problem): string {
  return `${problem.status} ${problem.title}: ${problem.detail}`;
}
