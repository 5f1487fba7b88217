/**
 * The routes: every `features/<domain>/routes.tsx` found at build time (import.meta.glob, eager:
 * the route tables are small; their pages are lazy chunks), inside the shared layout.
 */
import { Route, Routes } from "react-router";
import { Layout } from "./shared/layout/Layout";
import { NotFoundPage } from "./shared/layout/NotFoundPage";
import { renderRoute, type FeatureRoute } from "./shared/routing";

const features = import.meta.glob<FeatureRoute[]>("./features/*/routes.tsx", { eager: true, import: "routes" });
const routes = Object.values(features).flat();

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        {routes.map(renderRoute)}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
