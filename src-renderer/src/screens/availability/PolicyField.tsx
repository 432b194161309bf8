import { useId, type ReactNode } from 'react';

export interface PolicyFieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  value: string;
  error: string | undefined;
  /** Input width in characters. */
  size?: number;
  disabled?: boolean;
  onChange(value: string): void;
}

/** A labelled text input for a number or a time, with its hint and error tied to it for screen readers. */
export function PolicyField({ name, label, hint, value, error, size = 6, disabled, onChange }: PolicyFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="stack policy-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        size={size}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        data-testid={`policy-${name}`}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <span id={`${id}-hint`} className="notice">
          {hint}
        </span>
      )}
      {error && <FieldError id={`${id}-error`} testId={`policy-error-${name}`} message={error} />}
    </div>
  );
}

export function FieldError({ id, testId, message }: { id?: string; testId: string; message: string }) {
  return (
    <span id={id} className="field-error" role="alert" data-testid={testId}>
      {message}
    </span>
  );
}
