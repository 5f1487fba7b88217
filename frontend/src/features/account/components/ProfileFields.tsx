/** District and age band selects shared by sign-up, profile and the paper-ballot form. */
import { useTranslation } from "react-i18next";
import { useDistricts } from "../../../shared/api/queries";
import { AGE_BANDS, type AgeBand } from "../../../shared/api/types";
import { Field } from "../../../shared/components/Field";

export function DistrictAgeFields({
  idPrefix,
  district,
  ageBand,
  onDistrict,
  onAgeBand,
  labels,
}: {
  idPrefix: string;
  district: string;
  ageBand: AgeBand | "";
  onDistrict: (value: string) => void;
  onAgeBand: (value: AgeBand | "") => void;
  /** other labels than the profile's (and no "why we ask" hint), e.g. a paper ballot's */
  labels?: { district: string; ageBand: string };
}) {
  const { t, i18n } = useTranslation();
  const districts = useDistricts();
  return (
    <>
      <Field id={`${idPrefix}-district`} label={labels?.district ?? t("profile.district")} hint={labels ? undefined : t("profile.why")}>
        {(props) => (
          <select {...props} className="select" value={district} onChange={(e) => onDistrict(e.target.value)}>
            <option value="">{t("profile.none")}</option>
            {districts.data?.map((d) => (
              <option key={d.code} value={d.code}>
                {i18n.language === "en" ? d.name_en : d.name_ja}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${idPrefix}-age`} label={labels?.ageBand ?? t("profile.ageBand")}>
        {(props) => (
          <select
            {...props}
            className="select"
            value={ageBand}
            onChange={(e) => onAgeBand(e.target.value as AgeBand | "")}
          >
            <option value="">{t("profile.none")}</option>
            {AGE_BANDS.map((band) => (
              <option key={band} value={band}>
                {t(`ageBands.${band}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
