import { useId } from 'react';

export interface TextFieldProps {
  name: string;
  label: string;
  hint?: string | undefined;
  type: 'text' | 'number' | 'url' | 'password';
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}

/** A labelled input with its hint and its error tied to it for screen readers. */
export function TextField({ name, label, hint, type, value, error, onChange }: TextFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="stack text-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type === 'number' ? 'text' : type}
        inputMode={type === 'number' ? 'numeric' : undefined}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        data-testid={`setting-${name}`}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <span id={`${id}-hint`} className="notice">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
