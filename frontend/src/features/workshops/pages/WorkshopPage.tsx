/**
 * ワークショップ・説明会の付箋入力: choose (or add) a workshop of a process, then type its notes
 * (`NoteEntry.tsx`). The chosen workshop is in the address (`?process=1&workshop=3`), so a
 * reload comes back to the same list.
 */
import "../i18n";
import "../workshop.css";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useProcesses } from "../../../shared/api/queries";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { todayInJapan } from "../../offline/pages/ProxyEntryPage";
import { workshopApi, type Workshop } from "../api";
import { NoteEntry } from "../components/NoteEntry";

const splitTables = (text: string) =>
  text
    .split(/[、,，\n]/)
    .map((t) => t.trim())
    .filter(Boolean);

export default function WorkshopPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("workshops:title"));
  const [params, setParams] = useSearchParams();
  const processes = useProcesses();
  const open =
    processes.data?.filter((p) => p.allowed_actions.includes("proxy_entry") && p.channels.includes("meeting")) ?? [];
  const processId = Number(params.get("process") ?? open[0]?.id ?? NaN);
  const workshopId = Number(params.get("workshop") ?? NaN);
  const workshops = useQuery({
    queryKey: ["workshops", processId],
    queryFn: () => workshopApi.list(processId),
    enabled: Number.isFinite(processId),
  });
  const chosen = workshops.data?.find((w) => w.id === workshopId);
  const go = (next: { process?: number; workshop?: number }) =>
    setParams(
      Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])),
    );

  if (processes.isPending || (Number.isFinite(workshopId) && workshops.isPending)) return <Loading />;
  if (processes.isError) return <ErrorMessage error={processes.error} />;
  if (chosen) {
    return (
      <>
        <h1>{t("workshops:title")}</h1>
        <NoteEntry key={chosen.id} workshop={chosen} onLeave={() => go({ process: processId })} />
      </>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("workshops:title")}</h1>
      <p>{t("workshops:intro")}</p>
      {open.length === 0 ? (
        <p>{t("workshops:noProcess")}</p>
      ) : (
        <>
          <Field id="workshop-process" label={t("workshops:process")} required>
            {(props) => (
              <select
                {...props}
                className="select"
                value={Number.isFinite(processId) ? String(processId) : ""}
                onChange={(e) => go({ process: Number(e.target.value) })}
              >
                {open.map((p) => (
                  <option key={p.id} value={p.id}>
                    {processTitle(p, i18n.language)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {workshops.isError && <ErrorMessage error={workshops.error} />}
          {workshops.data && workshops.data.length > 0 && (
            <ChooseWorkshop workshops={workshops.data} onChoose={(id) => go({ process: processId, workshop: id })} />
          )}
          <NewWorkshop processId={processId} onCreated={(w) => go({ process: processId, workshop: w.id })} />
        </>
      )}
    </div>
  );
}

function ChooseWorkshop({ workshops, onChoose }: { workshops: Workshop[]; onChoose: (id: number) => void }) {
  const { t } = useTranslation();
  const [id, setId] = useState(String(workshops[0].id));
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        onChoose(Number(id));
      }}
    >
      <Field id="workshop-choose" label={t("workshops:workshop")} required>
        {(props) => (
          <select {...props} className="select" value={id} onChange={(e) => setId(e.target.value)}>
            {workshops.map((w) => (
              <option key={w.id} value={w.id}>
                {w.title}（{w.held_on}）
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button button--primary">
          {t("workshops:open")}
        </button>
      </div>
    </form>
  );
}

function NewWorkshop({ processId, onCreated }: { processId: number; onCreated: (w: Workshop) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [title, setTitle] = useState("");
  const [heldOn, setHeldOn] = useState(todayInJapan);
  const [place, setPlace] = useState("");
  const [tables, setTables] = useState(() => t("workshops:defaultTables"));
  const [message, setMessage] = useState<string>();
  const create = useMutation({
    mutationFn: () =>
      workshopApi.create(processId, { title: title.trim(), held_on: heldOn, place: place.trim(), tables: splitTables(tables) }),
    onSuccess: (workshop) => {
      void client.invalidateQueries({ queryKey: ["workshops", processId] });
      setMessage(t("workshops:created", { title: workshop.title }));
      onCreated(workshop);
    },
  });
  const submit = () => {
    if (!title.trim() || splitTables(tables).length === 0) {
      document.getElementById(title.trim() ? "workshop-tables" : "workshop-name")?.focus();
      return;
    }
    create.mutate();
  };
  return (
    <>
      <h2 id="workshop-new">{t("workshops:newTitle")}</h2>
      <SendForm request={create} onSubmit={submit} submitLabel={t("workshops:create")} done={message} labelledBy="workshop-new">
        <Field id="workshop-name" label={t("workshops:name")} required>
          {(props) => (
            <input {...props} className="input" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
        <Field id="workshop-date" label={t("workshops:heldOn")} required>
          {(props) => (
            <input {...props} type="date" className="input" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} />
          )}
        </Field>
        <Field id="workshop-place" label={t("workshops:place")}>
          {(props) => (
            <input {...props} className="input" value={place} maxLength={120} onChange={(e) => setPlace(e.target.value)} />
          )}
        </Field>
        <Field id="workshop-tables" label={t("workshops:tables")} hint={t("workshops:tablesHint")} required>
          {(props) => <input {...props} className="input" value={tables} onChange={(e) => setTables(e.target.value)} />}
        </Field>
      </SendForm>
    </>
  );
}
