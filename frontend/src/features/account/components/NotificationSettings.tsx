/** On the profile page: whether my address is confirmed (and sending the e-mail again), and
 * which notices come by e-mail, each time or once a day. */
import { type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../../../shared/api/endpoints";
import type { NotificationSettings as Settings, User } from "../../../shared/api/types";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { useStateFrom } from "../../../shared/components/useStateFrom";

const KINDS = ["answers", "replies", "drafts"] as const;

export function EmailConfirmation({ me }: { me: User }) {
  const { t } = useTranslation();
  const resend = useMutation({ mutationFn: endpoints.resendConfirmation });
  if (me.email_confirmed_at) return <p>{t("accountMail.confirmedAt")}</p>;
  return (
    <div>
      <p>{t("accountMail.unconfirmed")}</p>
      {resend.isError && <ErrorMessage error={resend.error} />}
      <button type="button" className="button" disabled={resend.isPending || resend.isSuccess}
        onClick={() => resend.mutate()}>
        {t("accountMail.resend")}
      </button>
      <LiveMessage message={resend.isSuccess ? t("accountMail.resent") : undefined} />
    </div>
  );
}

export function NotificationSettings() {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: ["notification-settings"], queryFn: endpoints.notificationSettings });
  const [choice, setChoice] = useStateFrom<Settings | undefined>(current.data);
  const save = useMutation({ mutationFn: (body: Settings) => endpoints.saveNotificationSettings(body) });
  if (current.isError) return <ErrorMessage error={current.error} onRetry={() => void current.refetch()} />;
  if (!choice) return <Loading />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(choice);
  };
  return (
    <section id="notifications" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t("notifications.title")}</h2>
      <form onSubmit={submit} className="form">
        <fieldset className="fieldset">
          <legend>{t("notifications.intro")}</legend>
          {KINDS.map((kind) => (
            <div className="checkbox" key={kind}>
              <input type="checkbox" id={`notify-${kind}`} checked={choice[kind]}
                onChange={(e) => setChoice({ ...choice, [kind]: e.target.checked })} />
              <label htmlFor={`notify-${kind}`}>{t(`notifications.${kind}`)}</label>
            </div>
          ))}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("notifications.frequency")}</legend>
          {([false, true] as const).map((digest) => (
            <div className="radio" key={String(digest)}>
              <input type="radio" id={`notify-digest-${digest}`} name="notify-frequency"
                checked={choice.daily_digest === digest}
                onChange={() => setChoice({ ...choice, daily_digest: digest })} />
              <label htmlFor={`notify-digest-${digest}`}>
                {t(digest ? "notifications.digest" : "notifications.each")}
              </label>
            </div>
          ))}
        </fieldset>
        {save.isError && <ErrorMessage error={save.error} />}
        <div className="button-row">
          <button type="submit" className="button" disabled={save.isPending}>{t("notifications.save")}</button>
        </div>
        <LiveMessage message={save.isSuccess ? t("notifications.saved") : undefined} />
      </form>
    </section>
  );
}
