/** Admin: users and roles — search, filters, the last sign-in, invitations and reset links. */
import "../i18n";
import { useState, type FormEvent } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { post } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import { ROLES, type PasswordLink, type Role, type User, type UserFilters, type UserSort, type UserStatus } from "../../../shared/api/types";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { FilterSelect } from "../../../shared/components/FilterSelect";
import { formatDateTimeJst } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { InviteForm } from "../components/InviteForm";
import { OneTimeLink } from "../components/OneTimeLink";
import { TableRegion } from "../../../shared/components/TableRegion";

const STATUSES: UserStatus[] = ["active", "invited", "disabled", "deleted"];
const SORTS: UserSort[] = ["newest", "last_sign_in", "name"];
const PAGE_SIZE = 50;

function StatusBadge({ user }: { user: User }) {
  const { t } = useTranslation();
  if (user.deleted_at) return <span className="badge badge--warning">{t("admin:deleted")}</span>;
  if (!user.is_active) return <span className="badge badge--warning">{t("admin:inactive")}</span>;
  if (user.password_set === false) return <span className="badge">{t("admin:invited")}</span>;
  return null;
}

function UserRow({ user, onSaved }: { user: User; onSaved: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.is_active);
  const [link, setLink] = useState<PasswordLink>();
  const save = useMutation({
    mutationFn: () => endpoints.setRole(user.id, role, active),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["users"] });
      onSaved(t("admin:saved", { name: user.display_name }));
    },
  });
  const reset = useMutation({ mutationFn: () => endpoints.resetLink(user.id), onSuccess: setLink });
  // 窓口で確認済み (the note, if any, is entered on the staff screen 本人確認)
  const counter = useMutation({
    mutationFn: () => post(`/verification/users/${user.id}/counter`, { note: "" }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["users"] });
      onSaved(t("admin:counterDone", { name: user.display_name }));
    },
  });
  const resident = user.role === "resident" && user.is_active && !user.deleted_at;
  const changed = role !== user.role || active !== user.is_active;
  const gone = !!user.deleted_at; // an emptied account (退会) takes no role again
  return (
    <tr>
      <th scope="row">
        {user.display_name} <StatusBadge user={user} />
      </th>
      <td className="break">{gone ? "—" : user.email}</td>
      <td>
        <label htmlFor={`role-${user.id}`} className="visually-hidden">
          {t("admin:roleLabel", { name: user.display_name })}
        </label>
        <select id={`role-${user.id}`} className="select select--small" value={role} disabled={gone} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`roles.${value}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          id={`active-${user.id}`}
          className="checkbox"
          checked={active}
          disabled={gone}
          onChange={(e) => setActive(e.target.checked)}
          aria-label={t("admin:activeLabel", { name: user.display_name })}
        />
      </td>
      <td>{user.last_sign_in_at ? formatDateTimeJst(user.last_sign_in_at, i18n.language) : t("admin:never")}</td>
      <td>{user.role === "resident" ? t(`admin:levels.${user.verification_level ?? "none"}`) : "—"}</td>
      <td>
        <div className="button-row">
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={gone || !changed || save.isPending}
            onClick={() => save.mutate()}
            aria-label={t("admin:saveLabel", { name: user.display_name })}
          >
            {t("admin:save")}
          </button>
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={gone || !user.is_active || reset.isPending}
            onClick={() => reset.mutate()}
            aria-label={t("admin:resetLinkLabel", { name: user.display_name })}
          >
            {t("admin:resetLink")}
          </button>
          {resident && user.verification_level !== "counter" && (
            <button
              type="button"
              className="button button--small button--secondary"
              disabled={counter.isPending}
              onClick={() => counter.mutate()}
              aria-label={t("admin:counterLabel", { name: user.display_name })}
            >
              {t("admin:counter")}
            </button>
          )}
        </div>
        {save.isError && <ErrorMessage error={save.error} />}
        {reset.isError && <ErrorMessage error={reset.error} />}
        {counter.isError && <ErrorMessage error={counter.error} />}
        {link && <OneTimeLink id={`reset-link-${user.id}`} link={link} heading={t("admin:resetLinkIssued", { name: user.display_name })} />}
      </td>
    </tr>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t("admin:usersTitle"));
  const [q, setQ] = useState("");
  const [filters, setFilters] = useState<UserFilters>({ sort: "newest", offset: 0 });
  const [message, setMessage] = useState<string>();
  const users = useQuery({
    queryKey: ["users", filters],
    queryFn: () => endpoints.users(filters, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const change = (next: Partial<UserFilters>) => setFilters((current) => ({ ...current, ...next, offset: next.offset ?? 0 }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    change({ q: q.trim() });
  };
  const page = users.data;
  const offset = filters.offset ?? 0;
  return (
    <>
      <h1>{t("admin:usersTitle")}</h1>
      <p>{t("admin:usersIntro")}</p>
      <InviteForm />
      <h2>{t("admin:listTitle")}</h2>
      <form onSubmit={search} className="inline-form" role="search">
        <div className="field">
          <label htmlFor="user-search" className="field__label">
            {t("admin:searchUsers")}
          </label>
          <input id="user-search" type="search" className="input" maxLength={100} value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("admin:search")}
        </button>
      </form>
      <div className="inline-form">
        <FilterSelect
          id="filter-role"
          label={t("admin:filterRole")}
          value={filters.role ?? ""}
          onChange={(value) => change({ role: value as Role | "" })}
          all={t("admin:all")}
          choices={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
        />
        <FilterSelect
          id="filter-status"
          label={t("admin:filterStatus")}
          value={filters.status ?? ""}
          onChange={(value) => change({ status: value as UserStatus | "" })}
          all={t("admin:all")}
          choices={STATUSES.map((value) => ({ value, label: t(`admin:status.${value}`) }))}
        />
        <FilterSelect
          id="sort-users"
          label={t("admin:sortBy")}
          value={filters.sort ?? "newest"}
          onChange={(value) => change({ sort: value as UserSort })}
          choices={SORTS.map((value) => ({ value, label: t(`admin:sort.${value}`) }))}
        />
      </div>
      <LiveMessage message={message} />
      <p role="status" aria-live="polite">
        {page ? t("admin:usersCount", { count: page.total }) : ""}
      </p>
      {users.isPending && <Loading />}
      {users.isError && <ErrorMessage error={users.error} onRetry={() => void users.refetch()} />}
      {page && page.items.length > 0 && (
        <TableRegion label={t("admin:usersTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("admin:name")}</th>
                <th scope="col">{t("admin:email")}</th>
                <th scope="col">{t("admin:role")}</th>
                <th scope="col">{t("admin:active")}</th>
                <th scope="col">{t("admin:lastSignIn")}</th>
                <th scope="col">{t("admin:verification")}</th>
                <th scope="col">{t("admin:operations")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((user) => (
                <UserRow key={`${user.id}-${user.role}-${user.is_active}`} user={user} onSaved={setMessage} />
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {page && page.total > PAGE_SIZE && (
        <nav className="button-row button-row--center" aria-label={t("admin:pages")}>
          <button type="button" className="button button--secondary" disabled={offset === 0} onClick={() => change({ offset: Math.max(0, offset - PAGE_SIZE) })}>
            {t("admin:previous")}
          </button>
          <span>{t("admin:range", { from: offset + 1, to: Math.min(offset + PAGE_SIZE, page.total), total: page.total })}</span>
          <button type="button" className="button button--secondary" disabled={offset + PAGE_SIZE >= page.total} onClick={() => change({ offset: offset + PAGE_SIZE })}>
            {t("admin:next")}
          </button>
        </nav>
      )}
    </>
  );
}
