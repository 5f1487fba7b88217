/** Admin: users and roles (PATCH /admin/users/{id}). */
import { useState } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../../api/endpoints";
import { ROLES, type Role, type User } from "../../api/types";
import { ErrorMessage, LiveMessage, Loading } from "../../components/Feedback";
import { usePageTitle } from "../../components/usePageTitle";

function UserRow({ user, onSaved }: { user: User; onSaved: (message: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.is_active);
  const save = useMutation({
    mutationFn: () => endpoints.setRole(user.id, role, active),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["users"] });
      onSaved(t("admin.saved", { name: user.display_name }));
    },
  });
  const changed = role !== user.role || active !== user.is_active;
  const gone = !!user.deleted_at; // an emptied account (退会) takes no role again
  return (
    <tr>
      <th scope="row">
        {user.display_name}
        {user.deleted_at ? (
          <span className="badge badge--warning">{t("admin.deleted")}</span>
        ) : (
          !user.is_active && <span className="badge badge--warning">{t("admin.inactive")}</span>
        )}
      </th>
      <td className="break">{user.email}</td>
      <td>
        <label htmlFor={`role-${user.id}`} className="visually-hidden">
          {t("admin.roleLabel", { name: user.display_name })}
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
          aria-label={t("admin.activeLabel", { name: user.display_name })}
        />
      </td>
      <td>
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={gone || !changed || save.isPending}
          onClick={() => save.mutate()}
          aria-label={t("admin.saveLabel", { name: user.display_name })}
        >
          {t("admin.save")}
        </button>
        {save.isError && <ErrorMessage error={save.error} />}
      </td>
    </tr>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t("admin.usersTitle"));
  const [role, setRole] = useState<string>("");
  const [message, setMessage] = useState<string>();
  const users = useInfiniteQuery({
    queryKey: ["users", role],
    queryFn: ({ pageParam }) => endpoints.users(role || undefined, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1>{t("admin.usersTitle")}</h1>
      <p>{t("admin.usersIntro")}</p>
      <div className="field field--inline">
        <label htmlFor="filter-role" className="field__label">
          {t("admin.filterRole")}
        </label>
        <select id="filter-role" className="select" value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="">{t("admin.all")}</option>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`roles.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <LiveMessage message={message} />
      {users.isPending && <Loading />}
      {users.isError && <ErrorMessage error={users.error} onRetry={() => void users.refetch()} />}
      {items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("admin.usersTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("admin.name")}</th>
                <th scope="col">{t("admin.email")}</th>
                <th scope="col">{t("admin.role")}</th>
                <th scope="col">{t("admin.active")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("admin.save")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <UserRow key={`${user.id}-${user.role}-${user.is_active}`} user={user} onSaved={setMessage} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.hasNextPage && (
        <div className="button-row button-row--center">
          <button
            type="button"
            className="button button--secondary"
            disabled={users.isFetchingNextPage}
            onClick={() => void users.fetchNextPage()}
          >
            {users.isFetchingNextPage ? t("list.loadingMore") : t("common.more")}
          </button>
        </div>
      )}
    </>
  );
}
