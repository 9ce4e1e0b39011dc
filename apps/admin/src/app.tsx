import { useState } from 'react';
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from './session.js';
import { SignIn } from './pages/sign-in.js';
import { Dashboard } from './pages/dashboard.js';
import { Products } from './pages/products.js';
import { ProductEditor } from './pages/product-editor.js';
import { Inventory } from './pages/inventory.js';
import { Orders } from './pages/orders.js';
import { OrderDetail } from './pages/order-detail.js';
import { Users } from './pages/users.js';
import { DeadLetters } from './pages/dead-letters.js';
import { Channels } from './pages/channels.js';
import { WebhookDetail, Webhooks } from './pages/webhooks.js';
import { MessageView, Messages } from './pages/messages.js';
import { Warranties, WarrantyDetail } from './pages/warranties.js';

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
  if (!session) return <SignIn />;
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
      </main>
    </div>
  );
}
