/** The city's answers to proposals and comments (意見の概要と市の考え方). */
import { lazy } from "react";
import { STAFF, type FeatureRoute } from "../../shared/routing";

const ResponsesPage = lazy(() => import("./pages/ResponsesPage"));

export const routes: FeatureRoute[] = [
  { path: "planner/plan/:processId/responses", element: <ResponsesPage />, roles: STAFF },
];
