/** A link to sign in that brings the person back to this page afterwards (「ログインして投票する」). */
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";

export function SignInLink({ children }: { children: ReactNode }) {
  const here = useLocation();
  return (
    <Link to="/signin" state={{ from: `${here.pathname}${here.search}` }}>
      {children}
    </Link>
  );
}
