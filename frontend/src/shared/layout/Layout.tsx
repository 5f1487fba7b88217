/** Page frame: skip link, header with language switch and role-aware navigation, main, footer. */
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useMutation } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";
import { canSeeCouncil, isStaff, useMe, useSetMe } from "../auth/session";
import { languageWasChosen, setLanguage } from "../i18n";
import { confirmationIn } from "../components/confirmation";
import { LiveMessage, Loading } from "../components/Feedback";
import "../i18n/nav";
import { FuriganaToggle } from "../furigana/FuriganaToggle";
import { needsConsent, PAGE_KINDS, useSite, useSiteNames } from "../site";

const ConsentPage = lazy(() => import("../../features/site/pages/ConsentPage"));
const PAGE_PATHS = PAGE_KINDS.map((kind) => `/${kind}`);

export function Layout() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const setMe = useSetMe();
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const site = useSite();
  const names = useSiteNames();

  // A browser that never chose a language starts in the site's default language.
  const defaultLanguage = site.data?.default_language;
  useEffect(() => {
    if (defaultLanguage && !languageWasChosen()) void i18n.changeLanguage(defaultLanguage);
  }, [defaultLanguage, i18n]);
  // A resident who has not accepted the current terms sees them before anything else
  // (the pages themselves stay readable).
  const consent = me && site.data && needsConsent(me, site.data) && !PAGE_PATHS.includes(location.pathname);

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

  // Small screens: the navigation folds into a menu button so the header stays one row.
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const [menuPath, setMenuPath] = useState(location.pathname);
  if (menuPath !== location.pathname) {
    setMenuPath(location.pathname);
    setMenuOpen(false);
  }
  useEffect(() => {
    if (!menuOpen) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [menuOpen]);
  const account = (where: "bar" | "menu") =>
    me ? (
      <button
        type="button"
        className={`button button--small button--ghost site-header__account--${where}`}
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        {t("nav.signOut")}
      </button>
    ) : (
      <Link to="/signin" className={`button button--small button--primary site-header__account--${where}`}>
        {t("nav.signIn")}
      </Link>
    );

  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className={menuOpen ? "site-header site-header--open" : "site-header"}>
        <div className="site-header__inner">
          <Link to="/" className="site-header__brand">
            {site.data?.logo_url ? (
              <img className="site-header__logo" src={site.data.logo_url} alt="" />
            ) : (
              <svg className="site-header__logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                <rect width="32" height="32" rx="6" />
                <path d="M8 22c3-8 13-8 16 0" />
                <circle cx="16" cy="11" r="3.5" />
              </svg>
            )}
            <span>
              {names.city && <span className="site-header__city">{names.city}</span>}
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
              <svg className="icon site-header__language-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <circle cx="12" cy="12" r="9" />
                <path d="M3 12h18M12 3c3 3.2 3 14.8 0 18M12 3c-3 3.2-3 14.8 0 18" />
              </svg>
              {t("nav.switchLanguage")}
            </button>
            {account("bar")}
            <button
              ref={menuButton}
              type="button"
              className="button button--small button--ghost site-header__menu-button"
              aria-expanded={menuOpen}
              aria-controls="site-menu"
              onClick={() => setMenuOpen(!menuOpen)}
            >
              <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d={menuOpen ? "M6 6l12 12M18 6L6 18" : "M4 7h16M4 12h16M4 17h16"} />
              </svg>
              {t("nav.menu")}
            </button>
          </div>
        </div>
        <div id="site-menu" className="site-header__menu">
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
                  <li>
                    <NavLink to="/planner/processes">{t("planNav:processes")}</NavLink>
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
                  <li>
                    <NavLink to="/admin/site">{t("nav.adminSite")}</NavLink>
                  </li>
                </>
              )}
              <li className="site-nav__end">
                <FuriganaToggle />
              </li>
            </ul>
          </nav>
          {me && (
            <p className="site-header__user">
              {t("nav.signedInAs", { name: me.display_name, role: t(`roles.${me.role}`) })}
            </p>
          )}
          <p className="site-header__menu-account">{account("menu")}</p>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <LiveMessage message={confirmationIn(location.state)} />
        {consent ? (
          <Suspense fallback={<Loading />}>
            <ConsentPage me={me} site={site.data!} />
          </Suspense>
        ) : (
          <Outlet />
        )}
      </main>
      <footer className="site-footer">
        {names.city && (
          <p className="site-footer__issuer">
            {names.city} {names.department}
          </p>
        )}
        <p>{t("app.footer")}</p>
        <SiteContactLine />
        <ul className="site-footer__links">
          {PAGE_KINDS.filter((kind) => site.data?.pages[kind]).map((kind) => (
            <li key={kind}>
              <Link to={`/${kind}`}>{t(`sitePages.${kind}`)}</Link>
            </li>
          ))}
        </ul>
      </footer>
    </>
  );
}

function SiteContactLine() {
  const { t } = useTranslation();
  const contact = useSite().data?.contact;
  if (!contact || !(contact.address || contact.phone || contact.email || contact.url)) return null;
  return (
    <p>
      {t("app.contact")}: {contact.address}
      {contact.phone && ` ${t("app.phone")} ${contact.phone}`}
      {contact.email && (
        <>
          {` ${t("app.email")} `}
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </>
      )}
      {contact.url && (
        <>
          {` ${t("app.web")} `}
          <a href={contact.url}>{contact.url}</a>
        </>
      )}
    </p>
  );
}
