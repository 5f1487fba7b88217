/** Admin: site settings (PUT /admin/site), the logo and new versions of the public pages. */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, fieldProblems } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import type { Site, SiteInput, SitePageKind } from "../../../shared/api/types";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { formatDate } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { PAGE_KINDS, SITE_KEY, useSite } from "../../../shared/site";
import "../i18n";

type TextField = "name_ja" | "name_en" | "department_ja" | "department_en";
const LABELS: Record<TextField, string> = {
  name_ja: "site:nameJa",
  name_en: "site:nameEn",
  department_ja: "site:departmentJa",
  department_en: "site:departmentEn",
};
type ContactField = keyof SiteInput["contact"];

function inputFrom(site: Site): SiteInput {
  const { name_ja, name_en, department_ja, department_en, contact, default_language } = site;
  return { name_ja, name_en, department_ja, department_en, contact: { ...contact }, default_language };
}

function SettingsForm({ site, onDone }: { site: Site; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<SiteInput>(() => inputFrom(site));
  const [missingName, setMissingName] = useState(false);
  const save = useMutation({
    mutationFn: () => endpoints.saveSite(form),
    onSuccess: (saved) => {
      client.setQueryData(SITE_KEY, saved);
      onDone(t("site:saved"));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = !form.name_ja.trim();
    setMissingName(missing);
    if (missing) document.getElementById("site-name_ja")?.focus();
    else save.mutate();
  };
  // the server names a refused field as "contact.url"; each field shows its own message
  const refused = fieldProblems(save.error, t);
  const text = (field: TextField, hint?: string, required = false) => (
    <Field id={`site-${field}`} label={t(LABELS[field])} hint={hint} required={required}
      error={field === "name_ja" && missingName ? t("validation.required", { field: t(LABELS[field]) }) : refused[field]}>
      {(props) => (
        <input {...props} className="input" value={form[field]} onChange={(e) => setForm({ ...form, [field]: e.target.value })} />
      )}
    </Field>
  );
  const contact = (field: ContactField, type: string, hint?: string) => (
    <Field id={`site-contact-${field}`} label={t(`site:${field}`)} hint={hint} error={refused[`contact.${field}`]}>
      {(props) => (
        <input {...props} type={type} className="input" value={form.contact[field]}
          onChange={(e) => setForm({ ...form, contact: { ...form.contact, [field]: e.target.value } })} />
      )}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate className="form">
      {save.isError && <ErrorMessage error={save.error} />}
      <h2>{t("site:cityHeading")}</h2>
      {text("name_ja", t("site:nameJaHint"), true)}
      {text("name_en")}
      {text("department_ja", t("site:departmentJaHint"))}
      {text("department_en")}
      <Field id="site-default_language" label={t("site:defaultLanguage")}>
        {(props) => (
          <select {...props} className="select" value={form.default_language}
            onChange={(e) => setForm({ ...form, default_language: e.target.value as "ja" | "en" })}>
            <option value="ja">{t("languages.ja")}</option>
            <option value="en">{t("languages.en")}</option>
          </select>
        )}
      </Field>
      <h2>{t("site:contactHeading")}</h2>
      {contact("address", "text")}
      {contact("phone", "tel")}
      {contact("email", "email")}
      {contact("url", "url", t("site:urlHint"))}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t("site:saving") : t("site:save")}
        </button>
      </div>
    </form>
  );
}

function LogoForm({ site, onDone }: { site: Site; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const done = (message: string) => (saved: Site) => {
    client.setQueryData(SITE_KEY, saved);
    onDone(message);
  };
  const upload = useMutation({ mutationFn: () => endpoints.uploadLogo(file as File), onSuccess: done(t("site:logoSaved")) });
  const remove = useMutation({ mutationFn: endpoints.removeLogo, onSuccess: done(t("site:logoRemoved")) });
  return (
    <section aria-labelledby="logo-title">
      <h2 id="logo-title">{t("site:logoHeading")}</h2>
      {site.logo_url ? (
        <p>
          {t("site:logoCurrent")}: <img src={site.logo_url} alt={t("app.logoAlt", { city: site.name_ja })} className="site-logo-preview" />
        </p>
      ) : (
        <p>{t("site:logoNone")}</p>
      )}
      {(upload.isError || remove.isError) && <ErrorMessage error={upload.error ?? remove.error} />}
      <Field id="site-logo" label={t("site:logoFile")} hint={t("site:logoHint")}>
        {(props) => (
          <input {...props} type="file" accept="image/png,image/jpeg" disabled={!site.configured}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        )}
      </Field>
      <div className="button-row">
        <button type="button" className="button button--secondary" disabled={!file || upload.isPending} onClick={() => upload.mutate()}>
          {t("site:logoUpload")}
        </button>
        {site.logo_url && (
          <button type="button" className="button button--ghost" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {t("site:logoRemove")}
          </button>
        )}
      </div>
    </section>
  );
}

function PageEditor({ kind, site, onDone }: { kind: SitePageKind; site: Site; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const title = t(`sitePages.${kind}`);
  const current = site.pages[kind];
  const page = useQuery({ queryKey: ["site-page", kind], queryFn: () => endpoints.sitePage(kind), enabled: !!current, retry: false });
  const [draft, setDraft] = useState<{ body_ja: string; body_en: string } | null>(null);
  const texts = draft ?? { body_ja: page.data?.body_ja ?? "", body_en: page.data?.body_en ?? "" };
  const publish = useMutation({
    mutationFn: () => endpoints.publishSitePage(kind, texts),
    onSuccess: (saved) => {
      client.setQueryData(["site-page", kind], saved);
      void client.invalidateQueries({ queryKey: SITE_KEY });
      setDraft(null);
      onDone(t("site:published", { title, version: saved.version }));
    },
  });
  const notFound = page.error instanceof ApiError && page.error.status === 404;
  return (
    <section aria-labelledby={`page-${kind}-title`} className="card">
      <h3 id={`page-${kind}-title`}>{title}</h3>
      <p className="field__hint">
        {current
          ? t("site:pageCurrent", { version: current.version, date: formatDate(current.published_at, i18n.language) })
          : t("site:pageNone")}{" "}
        {current && <Link to={`/${kind}`}>{t("site:view")}</Link>}
      </p>
      {page.isPending && current && <Loading />}
      {page.isError && !notFound && <ErrorMessage error={page.error} />}
      {publish.isError && <ErrorMessage error={publish.error} />}
      {(["body_ja", "body_en"] as const).map((field) => (
        <Field key={field} id={`page-${kind}-${field}`} label={t(field === "body_ja" ? "site:bodyJa" : "site:bodyEn", { title })} required={field === "body_ja"}>
          {(props) => (
            <textarea {...props} className="textarea" rows={8} lang={field === "body_ja" ? "ja" : "en"} value={texts[field]}
              onChange={(e) => setDraft({ ...texts, [field]: e.target.value })} />
          )}
        </Field>
      ))}
      <div className="button-row">
        <button type="button" className="button button--secondary" disabled={!texts.body_ja.trim() || publish.isPending} onClick={() => publish.mutate()}>
          {t("site:publish", { title })}
        </button>
      </div>
    </section>
  );
}

export default function AdminSitePage() {
  const { t } = useTranslation();
  usePageTitle(t("site:adminTitle"));
  const site = useSite();
  const [message, setMessage] = useState<string>();
  return (
    <div className="narrow">
      <h1>{t("site:adminTitle")}</h1>
      <p>{t("site:adminIntro")}</p>
      <LiveMessage message={message} />
      {site.isPending && <Loading />}
      {site.isError && <ErrorMessage error={site.error} onRetry={() => void site.refetch()} />}
      {site.data && (
        <>
          <SettingsForm site={site.data} onDone={setMessage} />
          <LogoForm site={site.data} onDone={setMessage} />
          <section aria-labelledby="pages-title">
            <h2 id="pages-title">{t("site:pagesHeading")}</h2>
            <p>{t("site:pagesIntro")}</p>
            {PAGE_KINDS.map((kind) => (
              <PageEditor key={kind} kind={kind} site={site.data} onDone={setMessage} />
            ))}
          </section>
        </>
      )}
    </div>
  );
}
