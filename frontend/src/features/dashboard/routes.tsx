/** The staff's start page. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const PlannerDashboard = lazy(() => import("./pages/PlannerDashboard"));

export const routes: FeatureRoute[] = [
  { path: "planner", element: <PlannerDashboard />, roles: STAFF },
];
