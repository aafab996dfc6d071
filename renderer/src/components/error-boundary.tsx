import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, e.g. the page title. */
  what: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Keeps one page's crash from taking the whole window down; the sidebar stays usable. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Farebox: ${this.props.what} failed to render`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="banner banner-error" role="alert">
        <p>
          {this.props.what} could not be shown: {this.state.error.message}
        </p>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
