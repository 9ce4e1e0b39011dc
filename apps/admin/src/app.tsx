import { lazy, useState, type ComponentType } from 'react';
import { NavLink, Navigate, Route, Routes, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from './session.js';
import { PageBoundary } from './components/page-boundary.js';

/**
 * A page whose code is its own file, loaded when the page first opens: the sign-in page and the first page
 * shown load only what they use (the panel was one bundle of every page before).
 */
function lazyPage<Module>(load: () => Promise<Module>, name: keyof Module) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const Dashboard = lazyPage(() => import('./pages/dashboard.js'), 'Dashboard');
const Products = lazyPage(() => import('./pages/products.js'), 'Products');
const ProductEditor = lazyPage(() => import('./pages/product-editor.js'), 'ProductEditor');
const Inventory = lazyPage(() => import('./pages/inventory.js'), 'Inventory');
const Orders = lazyPage(() => import('./pages/orders.js'), 'Orders');
const OrderDetail = lazyPage(() => import('./pages/order-detail.js'), 'OrderDetail');
const Users = lazyPage(() => import('./pages/users.js'), 'Users');
const DeadLetters = lazyPage(() => import('./pages/dead-letters.js'), 'DeadLetters');
const Channels = lazyPage(() => import('./pages/channels.js'), 'Channels');
const Webhooks = lazyPage(() => import('./pages/webhooks.js'), 'Webhooks');
const WebhookDetail = lazyPage(() => import('./pages/webhooks.js'), 'WebhookDetail');
const Messages = lazyPage(() => import('./pages/messages.js'), 'Messages');
const MessageView = lazyPage(() => import('./pages/messages.js'), 'MessageView');
const Warranties = lazyPage(() => import('./pages/warranties.js'), 'Warranties');
const WarrantyDetail = lazyPage(() => import('./pages/warranties.js'), 'WarrantyDetail');

const PAGES = [
  ['/', 'Dashboard'],
  ['/products', 'Products'],
  ['/inventory', 'Inventory'],
  ['/orders', 'Orders'],
  ['/users', 'Users'],
  ['/warranties', 'Warranties'],
  ['/channels', 'Channels'],
  ['/webhooks', 'Webhooks'],
  ['/messages', 'Messages'],
  ['/dead-letters', 'Dead letters'],
] as const;

export function App() {
  const { session, signOut } = useSession();
  const queryClient = useQueryClient();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // main.tsx shows the sign-in page instead of the panel when no one is signed in.
  if (!session) return null;
  return (
    <div className="layout">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <strong className="brand">Storefleet admin</strong>
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav id="nav" className={menuOpen ? 'open' : undefined} aria-label="Sections">
          {PAGES.map(([to, label]) => (
            <NavLink key={to} to={to} end={to === '/'} onClick={() => setMenuOpen(false)}>
              {label}
            </NavLink>
          ))}
        </nav>
        <span className="who">{session.user.email}</span>
        <button
          type="button"
          onClick={() => {
            queryClient.clear();
            signOut();
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {/* Keyed by the path: a page that failed to load does not keep its message over the next one. */}
        <PageBoundary key={pathname} what="the page">
          <Routes>
            <Route path="/" element={<Dashboard />} />
            <Route path="/products" element={<Products />} />
            <Route path="/products/new" element={<ProductEditor />} />
            <Route path="/products/:id" element={<ProductEditor />} />
            <Route path="/inventory" element={<Inventory />} />
            <Route path="/orders" element={<Orders />} />
            <Route path="/orders/:id" element={<OrderDetail />} />
            <Route path="/users" element={<Users />} />
            <Route path="/warranties" element={<Warranties />} />
            <Route path="/warranties/:id" element={<WarrantyDetail />} />
            <Route path="/channels" element={<Channels />} />
            <Route path="/webhooks" element={<Webhooks />} />
            <Route path="/webhooks/:id" element={<WebhookDetail />} />
            <Route path="/messages" element={<Messages />} />
            <Route path="/messages/:id" element={<MessageView />} />
            <Route path="/dead-letters" element={<DeadLetters />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </PageBoundary>
      </main>
    </div>
  );
}
