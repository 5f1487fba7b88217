/** Workshops and their notes. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const WorkshopPage = lazy(() => import("./pages/WorkshopPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/workshop", element: <WorkshopPage />, roles: STAFF },
];
