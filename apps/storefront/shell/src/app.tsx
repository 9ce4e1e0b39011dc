import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import type { Storefront } from '@storefleet/storefront-common';
import { Header } from './header.js';
import { RemotePage } from './remote-page.js';

/** Every page of the storefront: the remote that draws it and the page it exposes. */
const ROUTES: { path: string; remote: string; page: string }[] = [
  { path: '/', remote: 'products', page: 'HomePage' },
  { path: '/products', remote: 'products', page: 'CatalogPage' },
  { path: '/products/:id', remote: 'products', page: 'ProductPage' },
  { path: '/cart', remote: 'cart', page: 'CartPage' },
  { path: '/checkout', remote: 'checkout', page: 'CheckoutPage' },
  { path: '/checkout/confirmation/:id', remote: 'checkout', page: 'ConfirmationPage' },
  { path: '/sign-in', remote: 'auth', page: 'SignInPage' },
  { path: '/register', remote: 'auth', page: 'RegisterPage' },
  { path: '/forgot-password', remote: 'auth', page: 'ForgotPasswordPage' },
  { path: '/reset-password', remote: 'auth', page: 'ResetPasswordPage' },
  { path: '/account', remote: 'profile', page: 'ProfilePage' },
  { path: '/account/orders', remote: 'profile', page: 'OrdersPage' },
  { path: '/account/warranties', remote: 'profile', page: 'WarrantiesPage' },
  { path: '/account/notifications', remote: 'profile', page: 'NotificationsPage' },
  { path: '/warranties/lookup', remote: 'profile', page: 'WarrantyLookupPage' },
  { path: '/account/orders/:id', remote: 'profile', page: 'OrderPage' },
  { path: '/orders/lookup', remote: 'profile', page: 'LookupPage' },
];

function NotFound() {
  return (
    <div>
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the shop</Link>
      </p>
    </div>
  );
}

export function App({ storefront }: { storefront: Storefront }) {
  return (
    <QueryClientProvider client={storefront.queryClient}>
      <BrowserRouter>
        <Header />
        <main id="main" tabIndex={-1}>
          <Routes>
            {ROUTES.map((r) => (
              <Route key={r.path} path={r.path} element={<RemotePage key={`${r.remote}/${r.page}`} remote={r.remote} page={r.page} />} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </main>
        <footer className="site-footer">
          <p>
            {storefront.config.channel.name} · a Storefleet storefront · <Link to="/orders/lookup">Track an order</Link> · <Link to="/warranties/lookup">Check a warranty</Link>
          </p>
        </footer>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
