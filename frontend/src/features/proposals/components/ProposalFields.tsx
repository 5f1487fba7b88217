/** Title, body, district and tags fields shared by the new-proposal and proxy-entry forms. */
import { useTranslation } from "react-i18next";
import { useDistricts } from "../../../shared/api/queries";
import { LIMITS, type Problems } from "../../../shared/validation";
import { Field } from "../../../shared/components/Field";

export interface ProposalDraft {
  title: string;
  body: string;
  district_code: string;
  tags: string;
}
export type ProposalField = keyof ProposalDraft;
export const emptyDraft: ProposalDraft = { title: "", body: "", district_code: "", tags: "" };

interface Props {
  idPrefix: string;
  draft: ProposalDraft;
  onChange: (draft: ProposalDraft) => void;
  problems: Problems<ProposalField>;
  /** staff entering a paper form: the resident may have left the district blank */
  districtOptional?: boolean;
}

export function ProposalFields({ idPrefix, draft, onChange, problems, districtOptional = false }: Props) {
  const { t, i18n } = useTranslation();
  const districts = useDistricts();
  const set = (field: ProposalField) => (value: string) => onChange({ ...draft, [field]: value });
  const counter = (value: string, max: number) => t("newProposal.counter", { count: [...value].length, max });
  return (
    <>
      <Field
        id={`${idPrefix}-title`}
        label={t("newProposal.titleLabel")}
        hint={<>{t("newProposal.titleHint")} <span className="counter">{counter(draft.title, LIMITS.title)}</span></>}
        error={problems.title}
        required
      >
        {(props) => (
          <input {...props} className="input" value={draft.title} onChange={(e) => set("title")(e.target.value)} />
        )}
      </Field>
      <Field
        id={`${idPrefix}-body`}
        label={t("newProposal.bodyLabel")}
        hint={<>{t("newProposal.bodyHint")} <span className="counter">{counter(draft.body, LIMITS.body)}</span></>}
        error={problems.body}
        required
      >
        {(props) => (
          <textarea
            {...props}
            className="textarea"
            rows={8}
            value={draft.body}
            onChange={(e) => set("body")(e.target.value)}
          />
        )}
      </Field>
      <Field id={`${idPrefix}-district_code`} label={t("newProposal.district")} error={problems.district_code} required={!districtOptional}>
        {(props) => (
          <select
            {...props}
            className="select"
            value={draft.district_code}
            onChange={(e) => set("district_code")(e.target.value)}
          >
            <option value="">{t(districtOptional ? "proposal.noDistrict" : "newProposal.chooseDistrict")}</option>
            {districts.data?.map((d) => (
              <option key={d.code} value={d.code}>
                {i18n.language === "en" ? d.name_en : d.name_ja}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${idPrefix}-tags`} label={t("newProposal.tagsLabel")} hint={t("newProposal.tagsHint")} error={problems.tags}>
        {(props) => <input {...props} className="input" value={draft.tags} onChange={(e) => set("tags")(e.target.value)} />}
      </Field>
    </>
  );
}

/** Move focus to the first field with a problem, in form order. */
export function focusFirstProblem(idPrefix: string, problems: object) {
  const order: ProposalField[] = ["title", "body", "district_code", "tags"];
  const first = order.find((field) => (problems as Record<string, unknown>)[field]);
  if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
}
