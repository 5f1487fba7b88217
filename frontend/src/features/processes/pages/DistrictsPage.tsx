/**
 * 「地区」 (/planner/districts): the city's districts in their order; add, rename, reorder and
 * delete. A district that proposals or accounts still name cannot be deleted: the server answers
 * 409 with how many use it, and the dialog offers to merge it into another district instead.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import type { District } from "../../../shared/api/types";
import type { Schemas } from "../../../shared/api/openapi";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { setupApi, type DistrictInput } from "../api";
import { ConfirmDialog } from "../../../shared/components/ConfirmDialog";
import { focusFirst, serverProblems } from "../problems";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

const EMPTY: DistrictInput = { code: "", name_ja: "", name_en: "" };
/** The 409 of deleting a district in use: how many proposals and accounts name it. */
type Usage = Pick<Schemas["DistrictInUse"], "proposals" | "users">;

function usageOf(error: unknown): Usage | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const { proposals, users } = error.problem;
  return typeof proposals === "number" && typeof users === "number" ? { proposals, users } : null;
}

function DistrictForm({ editing, onDone }: { editing: District | null; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<DistrictInput>(() => (editing ? { ...editing } : { ...EMPTY }));
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (input: DistrictInput) => (editing ? setupApi.updateDistrict(editing.code, input) : setupApi.createDistrict(input)),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ["districts"] });
      if (!editing) setForm({ ...EMPTY });
      onDone(t(editing ? "setup:districtSaved" : "setup:districtAdded", { name: saved.name_ja }));
    },
    onError: (error) => focusFirst(["code", "name_ja", "name_en", "position"].filter((f) => serverProblems(error, t)[f]).map((f) => `district-${f}`)),
  });
  const problems = { ...serverProblems(save.error, t), ...local };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!editing && !/^[a-z0-9][a-z0-9_-]{0,39}$/.test(form.code ?? "")) found.code = t("setup:errors.districtCode");
    if (!form.name_ja.trim()) found.name_ja = t("validation.required", { field: t("setup:districtNameJa") });
    if (!form.name_en.trim()) found.name_en = t("validation.required", { field: t("setup:districtNameEn") });
    setLocal(found);
    if (Object.keys(found).length > 0) focusFirst(Object.keys(found).map((f) => `district-${f}`));
    else save.mutate({ ...form, name_ja: form.name_ja.trim(), name_en: form.name_en.trim() });
  };
  const text = (field: "code" | "name_ja" | "name_en", label: string, hint?: string) => (
    <Field id={`district-${field}`} label={label} hint={hint} required error={problems[field]}>
      {(props) => (
        <input {...props} className="input" lang={field === "name_ja" ? "ja" : "en"} value={form[field] ?? ""}
          disabled={field === "code" && editing !== null}
          onChange={(e) => setForm({ ...form, [field]: e.target.value })} />
      )}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate className="form card" aria-labelledby="district-form-title">
      <h2 id="district-form-title">{editing ? t("setup:editDistrict", { name: editing.name_ja }) : t("setup:addDistrict")}</h2>
      {save.isError && <ErrorMessage error={save.error} />}
      {text("code", t("setup:districtCode"), editing ? t("setup:districtCodeFixed") : t("setup:districtCodeHint"))}
      {text("name_ja", t("setup:districtNameJa"))}
      {text("name_en", t("setup:districtNameEn"))}
      <Field id="district-position" label={t("setup:districtPosition")} hint={t("setup:districtPositionHint")} error={problems.position}>
        {(props) => (
          <input {...props} type="number" min={0} className="input" value={form.position ?? ""}
            onChange={(e) => setForm({ ...form, position: e.target.value === "" ? undefined : Number(e.target.value) })} />
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {editing ? t("setup:save") : t("setup:addDistrict")}
        </button>
        {editing && (
          <button type="button" className="button button--secondary" onClick={() => onDone("")}>
            {t("setup:cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

function RemoveDialog({ district, districts, onClose, onDone }: {
  district: District | null; districts: District[]; onClose: () => void; onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [into, setInto] = useState("");
  const done = (message: string) => {
    void client.invalidateQueries({ queryKey: ["districts"] });
    setInto("");
    onDone(message);
  };
  const remove = useMutation({
    mutationFn: (code: string) => setupApi.deleteDistrict(code),
    onSuccess: () => done(t("setup:districtDeleted", { name: district?.name_ja })),
  });
  const merge = useMutation({
    mutationFn: ({ code, target }: { code: string; target: string }) => setupApi.mergeDistrict(code, target),
    onSuccess: (merged) => done(t("setup:districtMerged", { name: district?.name_ja, count: merged.proposals_moved, users: merged.users_moved })),
  });
  const usage = usageOf(remove.error);
  const inUse = usage !== null;
  // the dialog turns into the merge question: focus goes to the one choice it asks for
  useEffect(() => {
    if (inUse) document.getElementById("merge-into")?.focus();
  }, [inUse]);
  const close = () => {
    remove.reset();
    merge.reset();
    setInto("");
    onClose();
  };
  const others = districts.filter((d) => d.code !== district?.code);
  return (
    <ConfirmDialog
      open={district !== null}
      title={usage ? t("setup:mergeTitle", { name: district?.name_ja }) : t("setup:deleteTitle", { name: district?.name_ja })}
      confirmLabel={usage ? t("setup:merge") : t("setup:delete")}
      onConfirm={() => {
        if (!district) return;
        if (!usage) remove.mutate(district.code);
        else if (into) merge.mutate({ code: district.code, target: into });
        else document.getElementById("merge-into")?.focus();
      }}
      onClose={close}
      pending={remove.isPending || merge.isPending}
      error={usage ? merge.error : remove.error}
      danger
    >
      {usage ? (
        <>
          <p>{t("setup:inUse", { proposals: usage.proposals, users: usage.users })}</p>
          <Field id="merge-into" label={t("setup:mergeInto")} required>
            {(props) => (
              <select {...props} className="select" value={into} onChange={(e) => setInto(e.target.value)}>
                <option value="">{t("setup:choose")}</option>
                {others.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name_ja}（{d.code}）
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      ) : (
        <p>{t("setup:deleteExplain")}</p>
      )}
    </ConfirmDialog>
  );
}

export default function DistrictsPage() {
  const { t } = useTranslation();
  usePageTitle(t("setup:districtsTitle"));
  const heading = useRef<HTMLHeadingElement>(null);
  const districts = useQuery({ queryKey: ["districts"], queryFn: endpoints.districts });
  const [editing, setEditing] = useState<District | null>(null);
  const [removing, setRemoving] = useState<District | null>(null);
  const [message, setMessage] = useState<string>();
  const finish = (text: string) => {
    setEditing(null);
    setRemoving(null);
    if (text) setMessage(text);
    heading.current?.focus();
  };
  return (
    <div>
      <h1 ref={heading} tabIndex={-1}>
        {t("setup:districtsTitle")}
      </h1>
      <p>{t("setup:districtsIntro")}</p>
      <LiveMessage message={message} />
      {districts.isPending && <Loading />}
      {districts.isError && <ErrorMessage error={districts.error} onRetry={() => void districts.refetch()} />}
      {districts.data && (
        <TableRegion label={t("setup:districtsTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("setup:districtCode")}</th>
                <th scope="col">{t("setup:districtNameJa")}</th>
                <th scope="col">{t("setup:districtNameEn")}</th>
                <th scope="col">{t("setup:districtPosition")}</th>
                <th scope="col">{t("setup:actions")}</th>
              </tr>
            </thead>
            <tbody>
              {districts.data.map((d) => (
                <tr key={d.code}>
                  <td>{d.code}</td>
                  <th scope="row">{d.name_ja}</th>
                  <td lang="en">{d.name_en}</td>
                  <td>{d.position}</td>
                  <td>
                    <div className="button-row">
                      <button type="button" className="button button--small button--secondary"
                        aria-label={t("setup:editLabel", { title: d.name_ja })}
                        onClick={() => {
                          setEditing(d);
                          requestAnimationFrame(() => document.getElementById("district-name_ja")?.focus());
                        }}>
                        {t("setup:edit")}
                      </button>
                      <button type="button" className="button button--small button--ghost"
                        aria-label={t("setup:deleteLabel", { name: d.name_ja })} onClick={() => setRemoving(d)}>
                        {t("setup:delete")}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <DistrictForm key={editing?.code ?? "new"} editing={editing} onDone={finish} />
      <RemoveDialog district={removing} districts={districts.data ?? []} onClose={() => setRemoving(null)} onDone={finish} />
    </div>
  );
}
