/**
 * 提案を選ぶ: a combobox (WAI-ARIA 1.2 pattern, list autocomplete) that searches the process's
 * proposals by words through the worklist API, so a planner never types an id. Arrow keys move
 * through the options, Enter chooses, Escape closes; the count of matches is announced.
 */
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ControlProps } from "../../../shared/components/Field";
import { planning } from "../../../shared/api/planEndpoints";
import type { WorklistItem } from "../../../shared/api/planTypes";
import "../i18n";
import { nextActive } from "../worklistModel";
import { useStateFrom } from "../../../shared/components/useStateFrom";

const OPTIONS = 10;

interface Props extends ControlProps {
  processId: number;
  /** the chosen proposal's title (shown in the box) */
  chosen: string;
  onChoose: (proposal: { id: number; title: string }) => void;
}

function useDebounced(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function ProposalPicker({ processId, chosen, onChoose, ...control }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [text, setText] = useStateFrom(chosen);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const words = useDebounced(text.trim());
  const found = useQuery({
    queryKey: ["proposal-picker", processId, words],
    queryFn: () => planning.worklist(processId, { kind: "proposal", state: "all", q: words, limit: OPTIONS }),
    enabled: open,
  });
  const options: WorklistItem[] = found.data?.items ?? [];

  function choose(item: WorklistItem) {
    onChoose({ id: item.id ?? 0, title: item.title });
    setText(item.title);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Escape") {
      if (open) e.preventDefault();
      setOpen(false);
      setActive(-1);
      return;
    }
    if (e.key === "Enter" && open && active >= 0 && options[active]) {
      e.preventDefault();
      choose(options[active]);
      return;
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => nextActive(e.key, a, options.length));
    }
  }

  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="picker">
      <input
        {...control}
        className="input"
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={t("responses:worklist.picker.options")} className="picker__list" hidden={!open || options.length === 0}>
        {options.map((item, i) => (
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events -- keys choose in the input (aria-activedescendant)
          <li
            key={item.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`picker__option${i === active ? " picker__option--active" : ""}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(item)}
          >
            <span>{item.title}</span>
            <span className="small block">
              {t("shared:board.proposalNumber", { id: item.id })}
              {item.response ? ` · ${t("responses:worklist.answered")}` : ""}
            </span>
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status">
        {open && found.data ? t("responses:worklist.picker.found", { count: options.length }) : ""}
      </p>
    </div>
  );
}
