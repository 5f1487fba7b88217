/** A labelled drop-down of a filter or sort bar (lists, the audit log, the answering worklist):
 * no required/optional badge, as `Field` shows for form fields. */

export interface Choice {
  value: string;
  label: string;
}

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: readonly Choice[];
  /** the label of the first choice, "" (no filter), where there is one: 「すべて」 */
  all?: string;
  disabled?: boolean;
}

export function FilterSelect({ id, label, value, onChange, choices, all, disabled }: Props) {
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <select id={id} className="select" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {all !== undefined && <option value="">{all}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
