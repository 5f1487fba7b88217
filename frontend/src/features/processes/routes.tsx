/** Setting up processes (phases, channels) and districts. */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const ProcessesPage = lazy(() => import("./pages/ProcessesPage"));
const ProcessFormPage = lazy(() => import("./pages/ProcessFormPage"));
const DistrictsPage = lazy(() => import("./pages/DistrictsPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/processes", element: <ProcessesPage />, roles: STAFF },
  { path: "planner/processes/new", element: <ProcessFormPage />, roles: STAFF },
  { path: "planner/processes/:processId/edit", element: <ProcessFormPage />, roles: STAFF },
  { path: "planner/districts", element: <DistrictsPage />, roles: STAFF },
];
