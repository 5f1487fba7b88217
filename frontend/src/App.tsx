/** Routes. Resident pages are in the main bundle; staff, council and admin screens load lazily. */
import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { Loading } from "./components/Feedback";
import { RequireRole } from "./components/RequireRole";
import { Home } from "./pages/resident/Home";
import { ProcessPage } from "./pages/resident/ProcessPage";
import { ProposalPage } from "./pages/resident/ProposalPage";
import { NewProposalPage } from "./pages/resident/NewProposalPage";
import { MyPage } from "./pages/resident/MyPage";
import { SignInPage } from "./pages/resident/SignInPage";
import { SignUpPage } from "./pages/resident/SignUpPage";
import { SetPasswordPage } from "./pages/resident/SetPasswordPage";
import { ProfilePage } from "./pages/resident/ProfilePage";
import { NotFoundPage } from "./pages/resident/NotFoundPage";
import { planningRoutes } from "./features/routes";
import { PAGE_KINDS } from "./site/site";

const VoteCardsPage = lazy(() => import("./pages/resident/VoteCardsPage"));
const EditProposalPage = lazy(() => import("./pages/resident/EditProposalPage"));
const PlannerDashboard = lazy(() => import("./pages/planner/PlannerDashboard"));
const ModerationPage = lazy(() => import("./pages/planner/ModerationPage"));
const ProxyEntryPage = lazy(() => import("./pages/planner/ProxyEntryPage"));
const WorkshopPage = lazy(() => import("./pages/planner/workshop/WorkshopPage"));
const VerificationPage = lazy(() => import("./pages/planner/VerificationPage"));
const CouncilDashboard = lazy(() => import("./pages/council/CouncilDashboard"));
const UsersPage = lazy(() => import("./pages/admin/UsersPage"));
const AuditLogPage = lazy(() => import("./pages/admin/AuditLogPage"));
const AdminSitePage = lazy(() => import("./site/AdminSitePage"));
const SiteTextPage = lazy(() => import("./site/SiteTextPage"));
// the pages e-mail links open: rarely visited, so outside the resident bundle
const accountMail = () => import("./pages/resident/AccountMailPages");
const ForgotPasswordPage = lazy(() => accountMail().then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => accountMail().then((m) => ({ default: m.ResetPasswordPage })));
const ConfirmEmailPage = lazy(() => accountMail().then((m) => ({ default: m.ConfirmEmailPage })));
const UnsubscribePage = lazy(() => accountMail().then((m) => ({ default: m.UnsubscribePage })));
const later = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

const staff = (page: ReactNode) => (
  <RequireRole roles={["planner", "admin"]}>
    <Suspense fallback={<Loading />}>{page}</Suspense>
  </RequireRole>
);
const admin = (page: ReactNode) => (
  <RequireRole roles={["admin"]}>
    <Suspense fallback={<Loading />}>{page}</Suspense>
  </RequireRole>
);
const readers = (page: ReactNode) => (
  <RequireRole roles={["council", "planner", "admin"]}>
    <Suspense fallback={<Loading />}>{page}</Suspense>
  </RequireRole>
);

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="processes/:processId" element={<ProcessPage />} />
        <Route path="processes/:processId/new" element={<NewProposalPage />} />
        <Route
          path="processes/:processId/vote"
          element={
            <Suspense fallback={<Loading />}>
              <VoteCardsPage />
            </Suspense>
          }
        />
        <Route path="proposals/:proposalId" element={<ProposalPage />} />
        <Route
          path="proposals/:proposalId/edit"
          element={
            <Suspense fallback={<Loading />}>
              <EditProposalPage />
            </Suspense>
          }
        />
        <Route path="me" element={<MyPage />} />
        <Route path="signin" element={<SignInPage />} />
        <Route path="signup" element={<SignUpPage />} />
        <Route path="set-password" element={<SetPasswordPage />} />
        <Route path="forgot-password" element={later(<ForgotPasswordPage />)} />
        <Route path="reset-password" element={later(<ResetPasswordPage />)} />
        <Route path="confirm-email" element={later(<ConfirmEmailPage />)} />
        <Route path="unsubscribe" element={later(<UnsubscribePage />)} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="planner" element={staff(<PlannerDashboard />)} />
        <Route path="planner/moderation" element={staff(<ModerationPage />)} />
        <Route path="planner/proxy" element={staff(<ProxyEntryPage />)} />
        <Route path="planner/workshop" element={staff(<WorkshopPage />)} />
        <Route path="planner/verification" element={staff(<VerificationPage />)} />
        <Route path="council" element={readers(<CouncilDashboard />)} />
        <Route path="admin/users" element={admin(<UsersPage />)} />
        <Route path="admin/audit" element={admin(<AuditLogPage />)} />
        <Route path="admin/site" element={admin(<AdminSitePage />)} />
        {PAGE_KINDS.map((kind) => (
          <Route
            key={kind}
            path={kind}
            element={
              <Suspense fallback={<Loading />}>
                <SiteTextPage kind={kind} />
              </Suspense>
            }
          />
        ))}
        {planningRoutes(staff, readers)}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
