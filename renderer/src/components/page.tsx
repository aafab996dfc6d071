import { useEffect, useId, useRef, type ReactNode } from 'react';
import { takeHeadingFocus } from '../router';

export interface PageProps {
  title: string;
  /** One line under the title saying what the page is for. */
  description?: ReactNode;
  /** Controls at the right of the title (range pickers, export buttons). */
  actions?: ReactNode;
  /** An error to show above the content (e.g. the core is unreachable). */
  error?: string | null;
  children: ReactNode;
}

/** Every page: a labelled region with its heading, actions and content. */
export function Page({ title, description, actions, error, children }: PageProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeHeadingFocus()) heading.current?.focus();
  }, []);
  return (
    <section className="page" aria-labelledby={headingId}>
      <header className="page-header">
        <div className="page-heading">
          <h1 id={headingId} ref={heading} tabIndex={-1} data-page-heading>
            {title}
          </h1>
          {description && <p className="page-description">{description}</p>}
        </div>
        {actions && (
          <div className="page-actions" role="toolbar" aria-label={`${title} controls`}>
            {actions}
          </div>
        )}
      </header>
      {error && (
        <p className="banner banner-error" role="alert">
          Could not reach the Farebox core: {error}
        </p>
      )}
      <div className="page-body">{children}</div>
    </section>
  );
}

/** A titled card inside a page. */
export function Card({
  title,
  actions,
  children,
  className,
  wide,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  wide?: boolean;
}) {
  const headingId = useId();
  const classes = ['card', wide ? 'card-wide' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <section className={classes} aria-labelledby={headingId}>
      <header className="card-header">
        <h2 id={headingId}>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
