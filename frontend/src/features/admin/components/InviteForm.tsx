/** 「利用者を招待」: a new account without a password, and the link to pass on, shown once. */
import "../i18n";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { fieldProblems } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import { ROLES, type Role, type UserInvited } from "../../../shared/api/types";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { OneTimeLink } from "./OneTimeLink";

export function InviteForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("planner");
  const [invited, setInvited] = useState<UserInvited>();
  const invite = useMutation({
    mutationFn: () => endpoints.inviteUser(email.trim(), name.trim(), role),
    onSuccess: (result) => {
      setInvited(result);
      setEmail("");
      setName("");
      void client.invalidateQueries({ queryKey: ["users"] });
    },
  });
  const problems = invite.isError ? fieldProblems(invite.error, t) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setInvited(undefined);
    invite.mutate();
  };
  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t("admin:inviteTitle")}</h2>
      <p>{t("admin:inviteIntro")}</p>
      <form onSubmit={submit}>
        <Field id="invite-email" label={t("admin:email")} error={problems.email} required>
          {(props) => <input {...props} type="email" className="input" autoComplete="off" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field id="invite-name" label={t("admin:name")} error={problems.display_name} required>
          {(props) => <input {...props} className="input" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field id="invite-role" label={t("admin:role")}>
          {(props) => (
            <select {...props} className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((value) => (
                <option key={value} value={value}>
                  {t(`roles.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button" disabled={invite.isPending}>
          {t("admin:invite")}
        </button>
      </form>
      {invite.isError && Object.keys(problems).length === 0 && <ErrorMessage error={invite.error} />}
      {invited && (
        <OneTimeLink
          id="invitation-link"
          link={{ url: invited.invitation_url, expires_at: invited.expires_at }}
          heading={t("admin:invitedHeading", { name: invited.user.display_name })}
        />
      )}
    </section>
  );
}
