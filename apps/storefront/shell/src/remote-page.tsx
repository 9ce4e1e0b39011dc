import { Component, useEffect, useState, type ReactNode } from 'react';
import { Loading } from '@storefleet/storefront-common';
import { REMOTE_LABELS, loadRemotePages, type RemotePages } from './remotes.js';

function Unavailable({ remote, onRetry }: { remote: string; onRetry: () => void }) {
  return (
    <div className="unavailable card" role="alert">
      <h2>{REMOTE_LABELS[remote] ?? remote} is unavailable right now</h2>
      <p>The rest of the shop still works. Please try again in a moment.</p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/** Catches a remote page that fails while rendering, so the header, the other pages and the router keep working. */
class RemoteBoundary extends Component<{ remote: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    console.error(`The ${this.props.remote} remote failed`, error);
  }
  override render() {
    return this.state.failed ? <Unavailable remote={this.props.remote} onRetry={() => this.setState({ failed: false })} /> : this.props.children;
  }
}

/** One page of a remote (`<RemotePage remote="cart" page="CartPage" />`), with its loading and failure states. */
export function RemotePage({ remote, page }: { remote: string; page: string }) {
  const [state, setState] = useState<{ pages?: RemotePages; error?: unknown }>({});
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    loadRemotePages(remote).then(
      (pages) => current && setState({ pages }),
      (error: unknown) => {
        console.error(`The ${remote} remote could not be loaded`, error);
        if (current) setState({ error });
      },
    );
    return () => {
      current = false;
    };
  }, [remote, attempt]);

  const retry = () => {
    setState({});
    setAttempt((n) => n + 1);
  };
  if (state.error) return <Unavailable remote={remote} onRetry={retry} />;
  if (!state.pages) return <Loading />;
  const Page = state.pages[page];
  if (!Page) return <Unavailable remote={remote} onRetry={retry} />;
  return (
    <RemoteBoundary remote={remote}>
      <Page />
    </RemoteBoundary>
  );
}
