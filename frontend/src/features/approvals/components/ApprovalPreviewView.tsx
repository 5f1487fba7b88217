/** What residents will see once a submission is approved, as they will see it (themes, phase, draft, response, a theme's responses). */
import { useTranslation } from "react-i18next";
import { Markdown } from "../../../shared/components/Markdown";
import type { ApprovalObject, DraftContent, Theme } from "../../../shared/api/planTypes";
import "../i18n";
import { StatusBadge } from "../../responses/components/StatusBadge";

type Preview = Record<string, unknown>;

function ThemesPreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const themes = (preview.themes as Theme[]) ?? [];
  return (
    <ul className="plain-list approval-themes">
      {themes.map((theme) => (
        <li key={theme.key}>
          <strong>{theme.title}</strong> <span className="count">{t("approvals:preview.proposals", { count: theme.size })}</span>
          {theme.summary && <p className="small">{theme.summary}</p>}
        </li>
      ))}
    </ul>
  );
}

function PhasePreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const actions = (preview.allowed_actions as string[]) ?? [];
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

function DraftPreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const content = preview.content as DraftContent;
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

function ResponsePreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  return (
    <dl className="approval-response">
      <dt>{t("approvals:preview.target")}</dt>
      <dd>{String(preview.target_title || "")}</dd>
      <dt>{t("shared:responses.summary")}</dt>
      <dd className="pre-wrap">{String(preview.summary)}</dd>
      <dt>{t("shared:responses.response")}</dt>
      <dd className="pre-wrap">{String(preview.response)}</dd>
      <dt>{t("shared:responses.status")}</dt>
      <dd>
        <StatusBadge status={String(preview.status)} />
      </dd>
    </dl>
  );
}

/** A theme's responses approved together: each as residents will read it. */
function ThemeResponsesPreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const responses = (preview.responses as Preview[]) ?? [];
  return (
    <>
      <p>
        <strong>{String(preview.theme_title || "")}</strong> <span className="count">{t("approvals:preview.responses", { count: responses.length })}</span>
      </p>
      <ol className="plain-list">
        {responses.map((r) => (
          <li key={String(r.id)}>
            <ResponsePreview preview={r} />
          </li>
        ))}
      </ol>
    </>
  );
}

export function ApprovalPreviewView({ objectType, preview }: { objectType: ApprovalObject; preview: Preview }) {
  if (objectType === "themes") return <ThemesPreview preview={preview} />;
  if (objectType === "phase") return <PhasePreview preview={preview} />;
  if (objectType === "draft") return <DraftPreview preview={preview} />;
  if (objectType === "theme_responses") return <ThemeResponsesPreview preview={preview} />;
  return <ResponsePreview preview={preview} />;
}
