// One price field with its own save: checked as it is typed by the same rule the agent applies
// (validatePrice), and a refusal from the agent shown under the field it names.
import { useId, useState } from 'react';
import { validatePrice } from '../../../../src-shared/domain/pricing';
import { describeError, errorField } from '../../components/errors';

export interface PriceFormProps {
  /** Accessible name of the input, e.g. "Asking price for Mistral 7B". */
  label: string;
  /** Short visible name for the save button's context. */
  subject: string;
  current: string | null;
  /** What an empty field means when saved ("use the default price"). */
  clearText: string;
  placeholder?: string;
  testId: string;
  onSave(price: string | null): Promise<unknown>;
}

export function PriceForm({ label, subject, current, clearText, placeholder, testId, onSave }: PriceFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [serverError, setServerError] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const value = draft ?? current ?? '';
  const trimmed = value.trim();
  const nextPrice = trimmed === '' ? null : trimmed;
  const localError = draft !== null && nextPrice !== null ? validatePrice(value) : null;
  const changed = draft !== null && nextPrice !== current;
  // Errors about the price (or the row's slug) belong under the input; others under the row.
  const fieldError = localError ?? (serverError && serverError.field !== null ? serverError.message : null);
  const rowError = serverError && serverError.field === null ? serverError.message : null;

  const save = async () => {
    setBusy(true);
    setServerError(null);
    try {
      await onSave(nextPrice);
      setDraft(null);
    } catch (err) {
      setServerError({ field: errorField(err), message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="stack price-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed && !localError) void save();
      }}
    >
      <div className="row">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          aria-label={label}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${id}-error` : undefined}
          placeholder={placeholder}
          value={value}
          data-testid={`price-input-${testId}`}
          onChange={(e) => {
            setDraft(e.target.value);
            setServerError(null);
          }}
        />
        <button type="submit" className="primary" disabled={!changed || localError !== null || busy} aria-label={`Save price for ${subject}`} data-testid={`price-save-${testId}`}>
          Save
        </button>
        {current !== null && (
          <button type="button" disabled={busy} onClick={() => void onSave(null).then(() => setDraft(null), (err: unknown) => setServerError({ field: errorField(err), message: describeError(err) }))}>
            {clearText}
          </button>
        )}
      </div>
      {changed && nextPrice === null && !fieldError && <span className="notice">Saving an empty field means: {clearText.toLowerCase()}.</span>}
      {fieldError && (
        <span id={`${id}-error`} className="field-error" role="alert" data-testid={`price-error-${testId}`}>
          {fieldError}
        </span>
      )}
      {rowError && (
        <span className="field-error" role="alert" data-testid={`price-error-${testId}`}>
          {rowError}
        </span>
      )}
    </form>
  );
}
