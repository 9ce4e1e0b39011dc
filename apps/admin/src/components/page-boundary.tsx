import { Component, Suspense, type ReactNode } from 'react';
import { Loading } from './status.js';

/**
 * Around code loaded when first shown (the panel, each page): "Loading the page…" while its file comes, and a
 * message in its place when the file cannot be had (the network is down, or a deploy replaced it). A failed
 * React.lazy load stays failed until the page is reloaded, so the message offers a reload; the rest of the
 * panel keeps working, and another section opens normally (the boundary is keyed by the page's path).
 */
export function PageBoundary({ what, children }: { what: string; children: ReactNode }) {
  return (
    <PageErrorBoundary what={what}>
      <Suspense fallback={<Loading what={what} />}>{children}</Suspense>
    </PageErrorBoundary>
  );
}

class PageErrorBoundary extends Component<{ what: string; children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    return (
      <div role="alert" className="error">
        <strong>Could not load {this.props.what}</strong> ({this.state.error instanceof Error ? this.state.error.message : String(this.state.error)}).{' '}
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
