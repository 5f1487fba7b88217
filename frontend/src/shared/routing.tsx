/**
 * What a feature's `routes.tsx` declares, and how the app renders it. App.tsx finds every
 * `features/<domain>/routes.tsx` itself, so adding a feature never touches App.tsx. Pages other
 * than the residents' first screens are `lazy()` chunks that bring their own strings and styles.
 */
import { Suspense, type ReactNode } from "react";
import { Route } from "react-router";
import type { Role } from "./api/types";
import { RequireRole } from "./auth/RequireRole";
import { Loading } from "./components/Feedback";

/** Who may open a screen: anyone, or only these roles (the server checks every request too). */
export const STAFF: Role[] = ["planner", "admin"];
export const ADMINS: Role[] = ["admin"];
export const READERS: Role[] = ["council", "planner", "admin"];

export interface FeatureRoute {
  /** relative to "/", as in react-router ("processes/:processId"); "" is the home page */
  path: string;
  element: ReactNode;
  roles?: Role[];
}

export function renderRoute({ path, element, roles }: FeatureRoute) {
  const page = <Suspense fallback={<Loading />}>{element}</Suspense>;
  const guarded = roles ? <RequireRole roles={roles}>{page}</RequireRole> : page;
  return path ? <Route key={path} path={path} element={guarded} /> : <Route key="" index element={guarded} />;
}
