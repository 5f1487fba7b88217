/** What residents will see once a submission is approved, as they will see it (themes, phase, draft, response, a theme's responses). */
import { useTranslation } from "react-i18next";
import { Markdown } from "../../../shared/components/Markdown";
import type { Approval, ApprovalObject, ApprovalPreview } from "../../../shared/api/planTypes";
import "../i18n";
import { StatusBadge } from "../../responses/components/StatusBadge";

/** The preview of one kind of approval (the same in a preview and in a submission). */
type PreviewOf<Kind extends ApprovalObject> = Extract<ApprovalPreview, { object_type: Kind }>["preview"];
/** What a response preview shows; a theme's responses each show the same. */
type ResponseShown = Pick<PreviewOf<"response">, "target_title" | "summary" | "response" | "status">;

function ThemesPreview({ preview }: { preview: PreviewOf<"themes"> }) {
  const { t } = useTranslation();
  return (
    <ul className="plain-list approval-themes">
      {preview.themes.map((theme) => (
        <li key={theme.key}>
          <strong>{theme.title}</strong> <span className="count">{t("approvals:preview.proposals", { count: theme.size })}</span>
          {theme.summary && <p className="small">{theme.summary}</p>}
        </li>
      ))}
    </ul>
  );
}

function PhasePreview({ preview }: { preview: PreviewOf<"phase"> }) {
  const { t } = useTranslation();
  const actions = preview.allowed_actions;
  return (
    <>
      <p>{t("approvals:preview.phase", { from: t(`phases.${preview.from}`), to: t(`phases.${preview.to}`) })}</p>
      <p className="small">{t(`phaseHelp.${preview.to}`)}</p>
      <h4>{t("approvals:preview.actions")}</h4>
      {actions.length === 0 ? (
        <p className="small">{t("approvals:preview.noActions")}</p>
      ) : (
        <ul>
          {actions.map((a) => (
            <li key={a}>{t(`actions.${a}`)}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function DraftPreview({ preview }: { preview: PreviewOf<"draft"> }) {
  const { t } = useTranslation();
  const { content } = preview;
  return (
    <div className="plan-doc approval-draft">
      <p>
        <strong>{content.title}</strong> <span className="count">{t("approvals:preview.version", { version: preview.version })}</span>
      </p>
      {content.preamble && <Markdown source={content.preamble} baseLevel={4} />}
      <ol>
        {(content.sections ?? []).map((goal) => (
          <li key={goal.key}>
            <strong>{goal.title}</strong>
            <ol>
              {(goal.measures ?? []).map((m) => (
                <li key={m.key}>
                  {m.title}
                  {((m.actions ?? []).length > 0 || (m.kpis ?? []).length > 0) && (
                    <ul className="small">
                      {(m.actions ?? []).map((a) => (
                        <li key={a.key}>{a.title}</li>
                      ))}
                      {(m.kpis ?? []).map((k, i) => (
                        <li key={`kpi-${i}`}>{t("approvals:preview.kpi", { name: k.name, baseline: k.baseline || "—", target: k.target || "—" })}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
}

function ResponsePreview({ preview }: { preview: ResponseShown }) {
  const { t } = useTranslation();
  return (
    <dl className="approval-response">
      <dt>{t("approvals:preview.target")}</dt>
      <dd>{preview.target_title}</dd>
      <dt>{t("shared:responses.summary")}</dt>
      <dd className="pre-wrap">{preview.summary}</dd>
      <dt>{t("shared:responses.response")}</dt>
      <dd className="pre-wrap">{preview.response}</dd>
      <dt>{t("shared:responses.status")}</dt>
      <dd>
        <StatusBadge status={preview.status} />
      </dd>
    </dl>
  );
}

/** A theme's responses approved together: each as residents will read it. */
function ThemeResponsesPreview({ preview }: { preview: PreviewOf<"theme_responses"> }) {
  const { t } = useTranslation();
  const { responses } = preview;
  return (
    <>
      <p>
        <strong>{preview.theme_title}</strong> <span className="count">{t("approvals:preview.responses", { count: responses.length })}</span>
      </p>
      <ol className="plain-list">
        {responses.map((r) => (
          <li key={r.id}>
            <ResponsePreview preview={r} />
          </li>
        ))}
      </ol>
    </>
  );
}

/** `subject`: a preview to submit, or a submission; its `object_type` says what its preview holds. */
export function ApprovalPreviewView({ subject }: { subject: ApprovalPreview | Approval }) {
  switch (subject.object_type) {
    case "themes":
      return <ThemesPreview preview={subject.preview} />;
    case "phase":
      return <PhasePreview preview={subject.preview} />;
    case "draft":
      return <DraftPreview preview={subject.preview} />;
    case "theme_responses":
      return <ThemeResponsesPreview preview={subject.preview} />;
    case "response":
      return <ResponsePreview preview={subject.preview} />;
  }
}
