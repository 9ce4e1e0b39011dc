import { StrictMode, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionProvider, useSession } from './session.js';
import { SignIn } from './pages/sign-in.js';
import { PageBoundary } from './components/page-boundary.js';
import './styles.css';

// The panel (router, query cache, layout; each page in a file of its own) loads once an admin has signed in:
// the sign-in page loads React and the API client only.
const Panel = lazy(() => import('./panel.js'));

function Root() {
  const { session } = useSession();
  if (!session) return <SignIn />;
  return (
    <PageBoundary what="the admin panel">
      <Panel />
    </PageBoundary>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <Root />
    </SessionProvider>
  </StrictMode>,
);
