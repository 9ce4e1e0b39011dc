import { Link, NavLink, useNavigate, useSearchParams } from 'react-router';
import { signOut, storefront, useCart, useNotifications, useSession } from '@storefleet/storefront-common';

export function Header() {
  const { config } = storefront();
  const session = useSession();
  const cart = useCart();
  const unread = useNotifications().data?.unread ?? 0;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="header-row">
        <Link to="/" className="logo">
          {config.channel.name}
        </Link>
        <form
          role="search"
          className="search"
          onSubmit={(event) => {
            event.preventDefault();
            const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
            navigate(q ? `/products?q=${encodeURIComponent(q)}` : '/products');
          }}
        >
          <label htmlFor="search" className="visually-hidden">
            Search products
          </label>
          <input id="search" name="q" type="search" placeholder="Search laptops and parts" defaultValue={params.get('q') ?? ''} key={params.get('q') ?? ''} />
          <button type="submit">Search</button>
        </form>
        <nav aria-label="Main" className="main-nav">
          <NavLink to="/products">Catalog</NavLink>
          <NavLink to="/cart" aria-label={`Cart, ${cart.count} item${cart.count === 1 ? '' : 's'}`}>
            Cart <span className="cart-count">{cart.count}</span>
          </NavLink>
          {session ? (
            <>
              <NavLink to="/account/orders">My orders</NavLink>
              <NavLink to="/account/notifications" aria-label={`Notifications, ${unread} unread`}>
                Notifications {unread > 0 && <span className="unread-count">{unread}</span>}
              </NavLink>
              <NavLink to="/account" end>
                Account
              </NavLink>
              <button
                type="button"
                className="link-button"
                onClick={async () => {
                  await signOut();
                  navigate('/');
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <>
              <NavLink to="/orders/lookup">Track an order</NavLink>
              <NavLink to="/sign-in">Sign in</NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
