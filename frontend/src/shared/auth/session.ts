/** The signed-in person (or null), from GET /auth/me, shared through the query cache. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";
import type { Role, User } from "../api/types";

export const ME_KEY = ["me"] as const;

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: endpoints.me, staleTime: 60_000 });
}

export function useSetMe() {
  const client = useQueryClient();
  return (user: User | null) => {
    client.setQueryData(ME_KEY, user);
    // What a person may see (my_vote, hidden items for staff) depends on who they are.
    void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== "me" });
  };
}

export const STAFF: Role[] = ["planner", "admin"];
export const isStaff = (user: User | null | undefined) => !!user && STAFF.includes(user.role);
/** Where a person lands after signing in: staff and council on their dashboard. */
export function homeFor(user: User): string {
  if (isStaff(user)) return "/planner";
  return user.role === "council" ? "/council" : "/";
}
export const canSeeCouncil = (user: User | null | undefined) =>
  !!user && ["council", "planner", "admin"].includes(user.role);
