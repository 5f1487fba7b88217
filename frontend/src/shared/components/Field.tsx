/** A labelled form field whose hint and error are tied to the control (aria-describedby). */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Problem } from "../validation";

export interface ControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-required"?: true;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: Problem | string;
  required?: boolean;
  children: (props: ControlProps) => ReactNode;
}

export function useProblemText() {
  const { t } = useTranslation();
  return (problem: Problem | string | undefined): string | undefined => {
    if (problem === undefined) return undefined;
    if (typeof problem === "string") return problem;
    const values = { ...problem.values };
    if (typeof values.fieldKey === "string") values.field = t(values.fieldKey);
    return t(problem.key, values);
  };
}

export function Field({ id, label, hint, error, required, children }: FieldProps) {
  const { t } = useTranslation();
  const text = useProblemText()(error);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = text ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${text ? " field--error" : ""}`}>
      <label htmlFor={id} className="field__label">
        {label}
        <span className={required ? "badge badge--required" : "badge badge--optional"}>
          {required ? t("common.required") : t("common.optional")}
        </span>
      </label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {text && (
        <p id={errorId} className="field__error">
          {text}
        </p>
      )}
      {children({
        id,
        "aria-describedby": describedBy,
        "aria-invalid": text ? true : undefined,
        "aria-required": required ? true : undefined,
      })}
    </div>
  );
}
