import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';

/**
 * A labelled form control with its help text and error, wired for screen readers: the control gets the id,
 * aria-invalid and aria-describedby. `children` is one input, select or textarea element.
 */
export function FormField({
  id,
  label,
  error,
  help,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  help?: ReactNode;
  children: ReactElement<Record<string, unknown>>;
  className?: string;
}) {
  const describedBy = [error ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(' ');
  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })
    : children;
  return (
    <div className={className ? `fb-field ${className}` : 'fb-field'}>
      <label htmlFor={id}>{label}</label>
      {control}
      {help && (
        <span className="fb-field-help" id={`${id}-help`}>
          {help}
        </span>
      )}
      {error && (
        <span className="fb-field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** Messages the core reported, next to what they concern. */
export function ProblemList({ problems, label }: { problems: readonly string[]; label: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="fb-problems" aria-label={label}>
      {problems.map((problem, i) => (
        <li key={i}>{problem}</li>
      ))}
    </ul>
  );
}
