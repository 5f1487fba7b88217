/**
 * The skeleton of a form that sends one request: the server's problem as a sentence above the
 * fields, the submit button (disabled while sending, optionally saying so) and a polite live
 * region for the confirmation. The caller checks its fields in `onSubmit` (the browser's own
 * validation is off: our messages are tied to each field by `Field`).
 */
import type { FormEvent, ReactNode } from "react";
import { ErrorMessage, LiveMessage } from "./Feedback";

interface SendFormProps {
  request: { isPending: boolean; isError: boolean; error: unknown };
  onSubmit: () => void;
  submitLabel: string;
  sendingLabel?: string;
  /** the confirmation to announce once it has worked */
  done?: string;
  /**
   * What to say when the request failed, instead of the server's problem sentence: the page's own
   * words for a failure it expects (a wrong password), or null where the fields already show it.
   */
  failure?: ReactNode;
  /** names the form, for a page with several */
  labelledBy?: string;
  className?: string;
  children: ReactNode;
}

export function SendForm({ request, onSubmit, submitLabel, sendingLabel, done, failure, labelledBy, className = "form", children }: SendFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate className={className} aria-labelledby={labelledBy}>
      {request.isError && (failure === undefined ? <ErrorMessage error={request.error} /> : failure)}
      {children}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={request.isPending}>
          {request.isPending && sendingLabel ? sendingLabel : submitLabel}
        </button>
      </div>
      <LiveMessage message={done} />
    </form>
  );
}
