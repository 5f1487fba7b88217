/**
 * 退会: a modal <dialog> that says what is erased and what stays (anonymised), asks for the
 * password again, then signs the person out and confirms it on the home page.
 */
import { useId, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import { useSetMe } from "../../../shared/auth/session";
import { useConfirmation } from "../../../shared/components/confirmation";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { ModalDialog } from "../../../shared/components/ModalDialog";
import { requiredText, type Problem } from "../../../shared/validation";

export default function DeleteAccountDialog() {
  const { t } = useTranslation();
  const id = useId();
  const setMe = useSetMe();
  const confirm = useConfirmation();
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const remove = useMutation({
    mutationFn: () => endpoints.deleteAccount(password),
    onSuccess: () => {
      setOpen(false);
      setMe(null);
      confirm(t("account.deleted"), "/");
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 403 && !/CSRF/i.test(error.problem.detail ?? "")) {
        setProblem({ key: "account.wrongPassword" });
        document.getElementById(`${id}-password`)?.focus();
      }
    },
  });
  // a wrong password is said next to the field; anything else (the last administrator, a
  // network failure) in the alert below the form
  const otherError = remove.isError && !(problem?.key === "account.wrongPassword");

  const close = () => {
    setOpen(false);
    setPassword("");
    setProblem(undefined);
    remove.reset();
    opener.current?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = requiredText(password, "auth.password");
    setProblem(found);
    remove.reset();
    if (found) document.getElementById(`${id}-password`)?.focus();
    else remove.mutate();
  };

  return (
    <>
      <button ref={opener} type="button" className="button button--danger" onClick={() => setOpen(true)}>
        {t("account.delete")}
      </button>
      <ModalDialog open={open} onClose={close} labelledBy={`${id}-title`}>
        <form onSubmit={submit} noValidate className="dialog__body">
          <h2 id={`${id}-title`}>{t("account.confirmTitle")}</h2>
          <h3>{t("account.erasedTitle")}</h3>
          <ul>
            <li>{t("account.erasedProfile")}</li>
            <li>{t("account.erasedSessions")}</li>
          </ul>
          <h3>{t("account.keptTitle")}</h3>
          <ul>
            <li>{t("account.keptWriting")}</li>
            <li>{t("account.keptVotes")}</li>
          </ul>
          <p>{t("account.irreversible")}</p>
          <Field id={`${id}-password`} label={t("auth.password")} hint={t("account.passwordHint")} error={problem} required>
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="current-password"
                className="input"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {otherError && (
            remove.error instanceof ApiError && remove.error.status === 409 ? (
              <div className="notice notice--error" role="alert">
                <p>{t("account.lastAdmin")}</p>
              </div>
            ) : (
              <ErrorMessage error={remove.error} />
            )
          )}
          <div className="button-row">
            <button type="submit" className="button button--danger" disabled={remove.isPending}>
              {remove.isPending ? t("account.deleting") : t("account.confirmDelete")}
            </button>
            <button type="button" className="button button--secondary" onClick={close}>
              {t("account.cancel")}
            </button>
          </div>
        </form>
      </ModalDialog>
    </>
  );
}
