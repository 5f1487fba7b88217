/** Page frame: skip link, header with language switch and role-aware navigation, main, footer. */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useMutation } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";
import { canSeeCouncil, isStaff, useMe, useSetMe } from "../auth/session";
import { setLanguage } from "../i18n";
import "../features/i18n/nav";

export function Layout() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const setMe = useSetMe();
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, move focus to the new page so screen readers start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
    window.scrollTo(0, 0);
  }, [location.pathname]);

  const logout = useMutation({
    mutationFn: endpoints.logout,
    onSettled: () => {
      setMe(null);
      navigate("/");
    },
  });

  const other = i18n.language === "en" ? "ja" : "en";
  const switchLanguage = () => {
    void setLanguage(other);
    if (me) endpoints.updateProfile({ language: other }).catch(() => undefined);
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-header__brand">
            <svg className="site-header__logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
              <rect width="32" height="32" rx="6" />
              <path d="M8 22c3-8 13-8 16 0" />
              <circle cx="16" cy="11" r="3.5" />
            </svg>
            <span>
              <span className="site-header__city">{t("app.city")}</span>
              <span className="site-header__name">{t("app.short")}</span>
            </span>
          </Link>
          <div className="site-header__tools">
            <button
              type="button"
              className="button button--small button--ghost"
              lang={other}
              aria-label={t("nav.switchLanguageLabel")}
              onClick={switchLanguage}
            >
              <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <circle cx="12" cy="12" r="9" />
                <path d="M3 12h18M12 3c3 3.2 3 14.8 0 18M12 3c-3 3.2-3 14.8 0 18" />
              </svg>
              {t("nav.switchLanguage")}
            </button>
            {me ? (
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => logout.mutate()}
                disabled={logout.isPending}
              >
                {t("nav.signOut")}
              </button>
            ) : (
              <Link to="/signin" className="button button--small button--primary">
                {t("nav.signIn")}
              </Link>
            )}
          </div>
        </div>
        <nav aria-label={t("nav.main")} className="site-nav">
          <ul className="site-nav__list">
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            {me && (
              <>
                <li>
                  <NavLink to="/me">{t("nav.myPage")}</NavLink>
                </li>
                <li>
                  <NavLink to="/profile">{t("nav.profile")}</NavLink>
                </li>
              </>
            )}
            {!me && (
              <li>
                <NavLink to="/signup">{t("nav.signUp")}</NavLink>
              </li>
            )}
            {isStaff(me) && (
              <>
                <li>
                  <NavLink to="/planner" end>
                    {t("nav.planner")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/planner/moderation">{t("nav.moderation")}</NavLink>
                </li>
                <li>
                  <NavLink to="/planner/proxy">{t("nav.proxy")}</NavLink>
                </li>
                <li>
                  <NavLink to="/planner/plan">{t("planNav:planning")}</NavLink>
                </li>
                <li>
                  <NavLink to="/planner/approvals">{t("planNav:approvals")}</NavLink>
                </li>
              </>
            )}
            {canSeeCouncil(me) && (
              <li>
                <NavLink to="/council">{t("nav.council")}</NavLink>
              </li>
            )}
            {me?.role === "admin" && (
              <>
                <li>
                  <NavLink to="/admin/users">{t("nav.adminUsers")}</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/audit">{t("nav.audit")}</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
        {me && (
          <p className="site-header__user">
            {t("nav.signedInAs", { name: me.display_name, role: t(`roles.${me.role}`) })}
          </p>
        )}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("app.footer")}</p>
      </footer>
    </>
  );
}
